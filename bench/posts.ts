/** Local posts as the app backend sends them to publish. */

/** One post of the publish request format. */
export interface BenchPost {
  readonly post_id: string;
  readonly username: string;
  readonly post_text: string;
  readonly image_url?: string;
}

const TEXTS = [
  "Tide's out 🐚 — the rock pools are full of anemones today",
  'pier at dusk',
  'Estuary birds, round two. Spot the curlew?',
  'Fog rolling over the estuary this morning. Could not see the far bank.',
];

/** `count` valid posts with ids from `firstId`; every third has an image. */
export function makePosts(count: number, firstId: number): BenchPost[] {
  return Array.from({ length: count }, (_, i) => {
    const id = String(firstId + i);
    return {
      post_id: id,
      username: `bench_user_${i % 1000}`,
      post_text: TEXTS[i % TEXTS.length] ?? '',
      ...(i % 3 === 0 && {
        image_url: `https://img.tidepool.example/p/${id}.jpg`,
      }),
    };
  });
}
