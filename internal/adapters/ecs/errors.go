package ecs

import (
	"github.com/everruns/reconciler/internal/adapters/cluster"
)

// Errors is ECS's error table. A registry holds one table per service, and
// the cluster tier registers ECS's (cluster.ECSErrors, which lists the
// codes of the operations this package calls too: ServiceNotFound and
// ServiceNotActive as gone, InvalidParameter, Client, Conflict … as
// terminal); this package reads the same table and registers none.
var Errors = cluster.ECSErrors
