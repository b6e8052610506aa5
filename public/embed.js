/*
 * Include once on a page that embeds charts from this site:
 *   <script async src="https://<this site>/embed.js"></script>
 * Every iframe showing one of this site's /embed/<id>/ pages is resized to the
 * height its page reports. Messages are accepted only from this site's origin
 * and only for the iframe that sent them.
 */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== 'research-report:embed-height' || typeof data.height !== 'number' || !(data.height > 0)) return;
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.ceil(data.height), 10000) + 'px';
        return;
      }
    }
  });
})();
