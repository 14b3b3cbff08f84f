// The account of the admin who logged in (`adminEmail` may come from an environment, so compare with the
// resolved variable, not the collection's default).
pm.test('the admin account', function () {
  const data = pm.response.json().data;
  pm.expect(data.role).to.eql('admin');
  pm.expect(data.email.toLowerCase()).to.eql(pm.variables.replaceIn('{{adminEmail}}').toLowerCase());
  pm.expect(data.active).to.eql(true);
});
