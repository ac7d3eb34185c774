// The AWS SDK warns on every start that releases after January 2027 need Node 22. The lockfile
// pins a release that supports Node 20, so the warning says nothing actionable here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
export {};
