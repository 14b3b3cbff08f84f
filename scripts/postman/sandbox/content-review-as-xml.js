pm.test('the review as XML, with its own ETag', function () {
  pm.expect(pm.response.text()).to.include('<slug>' + pm.collectionVariables.get('reviewSlug') + '</slug>');
  pm.expect(pm.response.headers.get('ETag')).to.not.eql(pm.collectionVariables.get('contentEtag'));
});
