/**
 * What both nodes' web views share: the script and styles in the classpath folder {@code outpost-web}
 * (common.js, app.css) and the one way GET /view/* serves them next to a node's own page. It holds no data
 * and no routes beyond the view's files; every number a page shows comes through the node's API.
 */
package outpost.common.web;
