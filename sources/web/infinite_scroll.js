// Scroll to the bottom, give the page two frames to append content (scroll handlers and
// IntersectionObservers run by then), report the new height.
async () => {
  const before = document.documentElement.scrollHeight;
  if (before <= window.innerHeight) return [before, before];  // nothing to scroll
  window.scrollTo(0, before);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const after = document.documentElement.scrollHeight;
  window.scrollTo(0, 0);
  return [before, after];
}
