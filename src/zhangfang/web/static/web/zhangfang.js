// Ctrl+S / Cmd+S saves the form on the page.
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    const form = document.getElementById("zf-form");
    if (form) { event.preventDefault(); form.requestSubmit(); }
  }
});
// Mark fields that carry an error so the red border shows on the input itself.
// and bring the first one into view: it may sit in a list far down a long form.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".invalid-feedback.d-block").forEach((error) => {
    const input = error.parentElement.querySelector("input, select, textarea");
    if (input) input.classList.add("is-invalid");
  });
  const first = document.querySelector(".is-invalid");
  if (first) { first.scrollIntoView({ block: "center" }); first.focus({ preventScroll: true }); }
});
// Buttons with data-confirm ask before they submit (CSP forbids inline onclick handlers).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
