import { LOCAL_ENV } from '../../local/local-env.js';

// Every test process starts with the SDK's known Node-version notice off
// (see local/local-env.ts); handlers get the rest of LOCAL_ENV per test.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED =
  LOCAL_ENV.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
