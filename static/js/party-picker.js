// Search-as-you-type for the party picker: the form already works without this script (the
// 「探す」 button sends it back with the list); this asks the same search while typing.
(function () {
  "use strict";
  var picker = document.getElementById("party-picker");
  if (!picker || !window.fetch) { return; }
  var found = document.getElementById("found-parties");
  var picked = document.getElementById("picked-parties");
  var inputs = ["party_q", "party_kind", "party_field", "party_area"].map(function (id) {
    return document.getElementById(id);
  });
  var labels = { department: picker.dataset.department || "担当課", organisation: picker.dataset.group || "団体" };
  var timer = null;
  var asked = 0;

  function pickedKeys() {
    var keys = {};
    picked.querySelectorAll("input[name=parties]").forEach(function (box) { keys[box.value] = true; });
    return keys;
  }

  function choice(party, checked) {
    var label = document.createElement("label");
    label.className = "check";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "parties";
    box.value = party.key;
    box.checked = checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + party.name + " (" + labels[party.kind] + ")"));
    return label;
  }

  // A party ticked in the results moves to the chosen ones, so a new search keeps it.
  found.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "parties" || !box.checked) { return; }
    var none = document.getElementById("none-picked");
    if (none) { none.remove(); }
    picked.appendChild(box.parentNode);
  });

  function search() {
    var params = new URLSearchParams({
      q: inputs[0].value, kind: inputs[1].value, field: inputs[2].value, area: inputs[3].value
    });
    var mine = ++asked;
    fetch(picker.dataset.source + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (parties) {
        if (mine !== asked) { return; }  // a later search answered first
        var keys = pickedKeys();
        found.textContent = "";
        parties.filter(function (p) { return !keys[p.key]; }).forEach(function (p) {
          found.appendChild(choice(p, false));
        });
        if (!found.children.length) {
          var none = document.createElement("p");
          none.className = "meta";
          none.textContent = picker.dataset.nothing || "";
          found.appendChild(none);
        }
      });
  }

  inputs.forEach(function (input) {
    input.addEventListener(input.tagName === "SELECT" ? "change" : "input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
  });
  // Enter in the search box searches rather than sending the whole form.
  inputs[0].addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); search(); }
  });
}());
