/**
 * The randomized convergence test: a real hub and real edges driven by random offline writes and random
 * syncs, checked after every sync against an independent reference model of docs/conflicts.md §1 (the
 * conflicts the hub must flag, what every edge must show). The model never calls production merge code.
 */
package outpost.system.convergence;
