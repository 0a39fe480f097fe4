import {
  acceptImageUrl,
  extractImgSrc,
  hasImgTag,
} from '../../lib/inbound/image-url.js';

describe('acceptImageUrl', () => {
  it.each([
    ['https://h.example/a.jpg', 'https://h.example/a.jpg'],
    ['http://h.example/a.jpg', 'http://h.example/a.jpg'],
    ['HTTPS://H.example/a.jpg', 'HTTPS://H.example/a.jpg'],
    ['  https://h.example/a.jpg\n', 'https://h.example/a.jpg'],
    [
      'https://h.example:8443/p?q=1&r=2#f',
      'https://h.example:8443/p?q=1&r=2#f',
    ],
    ['https://127.0.0.1/a.png', 'https://127.0.0.1/a.png'],
    ['https://bücher.example/ä.jpg', 'https://bücher.example/ä.jpg'],
  ])('accepts %j', (candidate, expected) => {
    // Prepare
    const maxChars = 2048;
    // Act
    const result = acceptImageUrl(candidate, maxChars);
    // Assert
    expect(result).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['javascript:', 'javascript:alert(1)'],
    ['ftp:', 'ftp://h.example/d.jpg'],
    ['relative path', '/img/a.jpg'],
    ['protocol-relative', '//h.example/a.jpg'],
    ['no host', 'https:///a.jpg'],
    ['one slash', 'https:/h.example/a.jpg'],
    ['backslashes', 'https:\\\\h.example\\a.jpg'],
    ['inner space', 'https://h.example/a b.jpg'],
    ['inner tab', 'https://h.example/a\tb.jpg'],
    ['NUL', 'https://h.example/a\u0000.jpg'],
    ['C1 control', 'https://h.example/a\u0085.jpg'],
    ['NBSP', 'https://h.example/a\u00a0.jpg'],
    ['lone surrogate', 'https://h.example/\ud83c.jpg'],
    ['bad port', 'https://h.example:99999/a.jpg'],
    ['scheme only', 'https://'],
    ['query right after //', 'https://?q=1'],
    ['userinfo without host', 'https://@/a.jpg'],
  ])('rejects %s', (_name, candidate) => {
    // Prepare
    const maxChars = 2048;
    // Act
    const result = acceptImageUrl(candidate, maxChars);
    // Assert
    expect(result).toBeNull();
  });

  it.each([
    [2048, true],
    [2049, false],
  ])('applies the length limit to a URL of %i chars', (length, isAccepted) => {
    // Prepare
    const prefix = 'https://h.example/';
    const url = `${prefix}${'a'.repeat(length - prefix.length)}`;
    // Act
    const result = acceptImageUrl(url, 2048);
    // Assert
    expect(result).toBe(isAccepted ? url : null);
  });
});

describe('extractImgSrc', () => {
  // A bad record must never block its partition: a megabyte of `<img` tags
  // once took time quadratic in its length (about 40 minutes).
  it('scans a megabyte of src-less <img tags in one pass', () => {
    // Prepare
    const text = `${'<img '.repeat(200_000)}<img src="https://h.example/x.jpg">`;
    // Act
    const src = extractImgSrc(text);
    // Assert
    expect(src).toBe('https://h.example/x.jpg');
  }, 5_000);

  it.each([
    [
      'double quotes',
      '<img src="https://h.example/a.jpg">',
      'https://h.example/a.jpg',
    ],
    [
      'single quotes',
      "<img src='https://h.example/a.jpg'>",
      'https://h.example/a.jpg',
    ],
    [
      'no quotes',
      '<img src=https://h.example/a.jpg width=3>',
      'https://h.example/a.jpg',
    ],
    [
      'upper case',
      '<IMG SRC="https://h.example/c.gif" ALT="x">',
      'https://h.example/c.gif',
    ],
    [
      'mixed case',
      '<Img Src="https://h.example/c.gif">',
      'https://h.example/c.gif',
    ],
    [
      '&amp; decoded',
      "<img src='https://h.example/a?w=1&amp;h=2'>",
      'https://h.example/a?w=1&h=2',
    ],
    [
      'spaces around =',
      '<img alt="a" src = "https://h.example/a.jpg" >',
      'https://h.example/a.jpg',
    ],
    [
      'self-closing',
      '<img src="https://h.example/a.jpg"/>',
      'https://h.example/a.jpg',
    ],
    [
      'inside other HTML',
      '<p>x</p><div><img class="p" src="https://h.example/a.jpg"></div>',
      'https://h.example/a.jpg',
    ],
    [
      '> inside a quoted attribute',
      '<img alt="a>b" src="https://h.example/a.jpg">',
      'https://h.example/a.jpg',
    ],
    [
      'data-src is not src',
      '<img data-src="https://h.example/x.jpg" src="https://h.example/a.jpg">',
      'https://h.example/a.jpg',
    ],
    [
      'first tag without src',
      '<img alt="none"><img src="https://h.example/b.jpg">',
      'https://h.example/b.jpg',
    ],
    ['empty src', '<img src="">', ''],
    ['no src at all', '<img alt="x">', null],
    ['not an img tag', '<imgx src="https://h.example/a.jpg">', null],
  ])('handles %s', (_name, html, expected) => {
    // Prepare
    const text = html;
    // Act
    const result = extractImgSrc(text);
    // Assert
    expect(result).toBe(expected);
  });

  it.each([
    ['<img src="x">', true],
    ['<IMG>', true],
    ['text <img', true],
    ['<image src="x">', false],
    ['https://h.example/img.jpg', false],
  ])('hasImgTag(%j) is %s', (text, expected) => {
    // Prepare
    const input = text;
    // Act
    const result = hasImgTag(input);
    // Assert
    expect(result).toBe(expected);
  });
});
