// The admin REST API (docs/api.md) with the bearer token kept in sessionStorage.
const TOKEN_KEY = "interlude.adminToken";

export class Unauthorized extends Error {}

export class AdminApi {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  // The response of METHOD path; throws Unauthorized on 401, Error(body) on other failures
  // unless `accept` lists the status.
  async call(method, path, accept = []) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${this.token}` },
      cache: "no-store",
    });
    if (response.status === 401) throw new Unauthorized(await response.text());
    if (!response.ok && !accept.includes(response.status)) {
      throw new Error(`${method} ${path}: ${response.status} ${(await response.text()).trim()}`);
    }
    return response;
  }

  async json(path) {
    return (await this.call("GET", path)).json();
  }

  // The JSON of a route a plugin may not have registered: null on 404.
  async optionalJson(path) {
    const response = await this.call("GET", path, [404]);
    return response.status === 404 ? null : response.json();
  }
}
