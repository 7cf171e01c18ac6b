// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the main region after a skip-link jump, for screen readers.
  const skip = document.querySelector(".skip-link");
  if (skip) {
    skip.addEventListener("click", () => document.getElementById("main")?.focus());
  }
  // Confirmation for destructive actions, declared in markup with data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
});
