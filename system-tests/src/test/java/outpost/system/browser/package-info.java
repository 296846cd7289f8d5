/**
 * Tests of the edge's sync status view and the hub's admin view in a real browser (Debian's Chromium,
 * headless, through Selenium and chromedriver), against real nodes started in this JVM. They never mock
 * a node, never download a browser, and fail (not skip) when Chromium is missing.
 */
package outpost.system.browser;
