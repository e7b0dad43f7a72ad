// The WebSocket URL of an endpoint, relative to this page: works at the root of the embedded
// server and under the context path of a deployed WAR alike.
function wsUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
