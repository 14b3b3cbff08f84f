pm.test('the same envelope as XML', function () {
  const text = pm.response.text();
  pm.expect(text).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?><response>/);
  pm.expect(text).to.include('<data>');
  pm.expect(text).to.include('<requestId>');
});
