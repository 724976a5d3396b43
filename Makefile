# The two entry points of the README. Both set everything up from a fresh Debian 12.
BUILD_DIR ?= build
CONFIG ?= samples/site.xml
WWW_PACKAGES = www/node_modules/.package-lock.json
export INTERLUDE_ADMIN_TOKEN ?= dev-admin-token

.PHONY: all deps build run test bench clean format

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD_DIR)/build.ninja $(WWW_PACKAGES)
	@cmake --build $(BUILD_DIR)
	@samples/make-media.sh

# The demo player's hls.js, from npm into www/player/vendor/ (no CDN at run time).
$(WWW_PACKAGES): www/package.json www/package-lock.json | deps
	@cd www && npm ci --no-audit --no-fund --silent

run: build
	@mkdir -p $(BUILD_DIR)/logs
	@echo "Sample site: http://127.0.0.1:8080/"
	@echo "Demo player: http://127.0.0.1:8080/player/"
	@echo "Dashboard:   http://127.0.0.1:8081/admin/  (token: $$INTERLUDE_ADMIN_TOKEN)"
	@echo "Admin API:   http://127.0.0.1:8081/api/status  (Authorization: Bearer $$INTERLUDE_ADMIN_TOKEN)"
	@echo "Metrics:     http://127.0.0.1:8081/metrics"
	exec $(BUILD_DIR)/core/interlude serve -c $(CONFIG)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j2

bench: build
	@bench/static.sh
	@bench/playlist.sh
	@bench/sniff.sh
	@bench/throttle.sh
	@bench/rules.sh
	@bench/proxy.sh
	@bench/edge-cache.sh
	@bench/multicast.sh
	@bench/scaleout.sh

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD_DIR)
