pm.test('published now', function () {
  const publishedAt = new Date(pm.response.json().data.publishedAt).getTime();
  pm.expect(publishedAt).to.be.closeTo(Date.now(), 5 * 60 * 1000);
});
