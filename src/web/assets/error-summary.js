// Moves focus to the error summary when the page loads, for browsers that ignore autofocus on it.
(function () {
  var summary = document.getElementById('error-summary');
  if (summary && document.activeElement !== summary) summary.focus();
})();
