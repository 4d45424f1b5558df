// Ctrl+S / Cmd+S saves the form on the page.
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    const form = document.getElementById("zf-form");
    if (form) { event.preventDefault(); form.requestSubmit(); }
  }
});
// Mark fields that carry an error so the red border shows on the input itself.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".invalid-feedback.d-block").forEach((error) => {
    const input = error.parentElement.querySelector("input, select, textarea");
    if (input) input.classList.add("is-invalid");
  });
});
