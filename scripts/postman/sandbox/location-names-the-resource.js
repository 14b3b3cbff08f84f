// POST to a collection: Location is the collection's path plus the new id; PUT at a chosen id: the
// request's own path.
pm.test('Location names the created resource', function () {
  const path = pm.request.url.getPath();
  const expected = pm.request.method === 'PUT' ? path : path + '/' + pm.response.json().data.id;
  pm.expect(pm.response.headers.get('Location')).to.eql(expected);
});
