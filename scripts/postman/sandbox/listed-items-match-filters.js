// Every listed item has the value each field filter of the query asked for.
pm.test('every listed item matches the filters', function () {
  const items = pm.response.json().data;
  pm.request.url.query.each(function (param) {
    if (param.disabled || ['page', 'limit', 'sort', 'cursor', 'q'].indexOf(param.key) >= 0) return;
    items.forEach(function (item) {
      pm.expect(String(item[param.key]), param.key).to.eql(pm.variables.replaceIn(param.value));
    });
  });
});
