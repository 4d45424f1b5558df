// The voucher grid: running debit/credit totals and difference, Enter moves to the next line
// (adding one at the end), "=" in an amount fills what balances the voucher, Ctrl+Enter posts.
// The invoice form uses the same grid without debit and credit; it hears "zf:lines-changed".
(() => {
  const form = document.getElementById("zf-form");
  const body = document.querySelector("#zf-lines tbody");
  if (!form || !body) return;
  const totalForms = document.getElementById("id_lines-TOTAL_FORMS");
  const template = document.getElementById("zf-line-template");
  const rows = () => [...body.querySelectorAll("tr.zf-line")].filter((row) => !row.hidden);

  // Amounts in cents, so the sums are exact.
  const cents = (input) => {
    const text = input.value.replace(/[,\s]/g, "");
    if (!/^\d+(\.\d{0,2})?$/.test(text)) return 0;
    const [whole, fraction = ""] = text.split(".");
    return parseInt(whole, 10) * 100 + parseInt((fraction + "00").slice(0, 2), 10);
  };
  const money = (value) => {
    const sign = value < 0 ? "-" : "";
    const abs = Math.abs(value);
    return `${sign}${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
  };
  const sums = (skip) => {
    let debit = 0;
    let credit = 0;
    rows().forEach((row) => {
      const d = row.querySelector(".zf-debit");
      const c = row.querySelector(".zf-credit");
      if (d !== skip) debit += cents(d);
      if (c !== skip) credit += cents(c);
    });
    return [debit, credit];
  };
  const refresh = () => {
    rows().forEach((row, index) => { row.querySelector(".zf-line-no").textContent = index + 1; });
    form.dispatchEvent(new CustomEvent("zf:lines-changed"));
    const difference = document.getElementById("zf-difference");
    if (!difference) return;
    const [debit, credit] = sums(null);
    document.getElementById("zf-total-debit").textContent = money(debit);
    document.getElementById("zf-total-credit").textContent = money(credit);
    difference.textContent = money(debit - credit);
    difference.classList.toggle("text-danger", debit !== credit);
    difference.classList.toggle("text-success", debit === credit && debit > 0);
  };
  const firstInput = (row) => row.querySelector("input, select");
  const addLine = () => {
    const index = parseInt(totalForms.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    totalForms.value = index + 1;
    refresh();
    const shown = rows();
    firstInput(shown[shown.length - 1]).focus();
  };

  body.addEventListener("input", (event) => {
    if (event.target.matches(".zf-debit, .zf-credit")) refresh();
  });
  // A code typed alone ("1002") is completed to the picker's "1002 银行存款", so the clerk sees the name.
  body.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.list || !input.value.trim() || /\s/.test(input.value.trim())) return;
    const code = input.value.trim();
    const option = [...input.list.options].find((o) => o.value.startsWith(`${code} `));
    if (option) input.value = option.value;
  });
  body.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && input.matches("input, select")) {
      event.preventDefault();
      const shown = rows();
      const at = shown.indexOf(input.closest("tr.zf-line"));
      if (at === shown.length - 1) addLine(); else firstInput(shown[at + 1]).focus();
    } else if (event.key === "=" && input.matches(".zf-debit, .zf-credit")) {
      event.preventDefault();
      const [debit, credit] = sums(input);
      const missing = input.matches(".zf-debit") ? credit - debit : debit - credit;
      if (missing > 0) { input.value = money(missing).replace(/,/g, ""); refresh(); }
    }
  });
  body.addEventListener("click", (event) => {
    const button = event.target.closest(".zf-remove-line");
    if (!button) return;
    const row = button.closest("tr.zf-line");
    row.querySelectorAll("input, select").forEach((field) => { field.value = ""; });
    row.hidden = true; // a blank line is left out when saving
    refresh();
  });
  document.getElementById("zf-add-line").addEventListener("click", addLine);
  // Enter in the header goes to the lines instead of saving half a voucher.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const post = document.getElementById("zf-post");
      if (post) { event.preventDefault(); form.requestSubmit(post); }
    } else if (event.key === "Enter" && event.target.matches("input") && !body.contains(event.target)) {
      event.preventDefault();
      if (rows().length) firstInput(rows()[0]).focus(); else addLine();
    }
  });
  refresh();
})();
