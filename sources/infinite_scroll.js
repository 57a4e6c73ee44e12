// Scroll to the bottom, give the page two frames and a moment to append content, report the new height.
async () => {
  const before = document.documentElement.scrollHeight;
  if (before <= window.innerHeight) return [before, before];  // nothing to scroll
  window.scrollTo(0, before);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await new Promise(r => setTimeout(r, 100));
  const after = document.documentElement.scrollHeight;
  window.scrollTo(0, 0);
  return [before, after];
}
