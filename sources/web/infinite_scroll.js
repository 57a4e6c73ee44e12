// Scroll through the page a viewport at a time (at most maxTiles viewports, what is captured), two
// frames at each stop, so scroll handlers and IntersectionObservers see every part a reader would
// scroll past: lazy images in the middle load too (a jump to the bottom skipped them). Then at the
// bottom, report the height before and after (content appended there is an infinite scroll), wait a
// bounded time for the images that started loading, and scroll back to the top.
async (maxTiles) => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const before = document.documentElement.scrollHeight;
  if (before <= window.innerHeight) return [before, before];  // nothing to scroll
  const end = Math.min(before, maxTiles * window.innerHeight);
  for (let y = window.innerHeight; y < end; y += window.innerHeight) {
    window.scrollTo(0, y);
    await frames();
  }
  window.scrollTo(0, before);
  await frames();
  const after = document.documentElement.scrollHeight;
  const pending = [...document.images].filter(img => !img.complete);
  await Promise.race([
    Promise.all(pending.map(img => new Promise(r => { img.onload = img.onerror = r; }))),
    new Promise(r => setTimeout(r, 2000)),
  ]);
  window.scrollTo(0, 0);
  await frames();
  return [before, after];
}
