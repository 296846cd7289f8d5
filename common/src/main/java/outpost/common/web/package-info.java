/**
 * What both nodes' web views share: the script and styles in the classpath folder {@code outpost-web}
 * (common.js, app.css), the one way GET /view/* serves them next to a node's own page, and the one writer of
 * their CSV downloads ({@link outpost.common.web.SpreadsheetCsv}). It holds no data
 * and no routes beyond the view's files; every number a page shows comes through the node's API.
 */
package outpost.common.web;
