package ec2

import (
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// state is everything one region holds. Resources are plain structs; the
// v1 output shapes are built from them on every answer, under the lock, so
// that encoding (after the lock is released) never reads shared memory.
type state struct {
	region string
	env    *core.Env

	vpcs      map[string]*vpc
	subnets   map[string]*subnet
	igws      map[string]*internetGateway
	addresses map[string]*address
	nats      map[string]*natGateway
	tables    map[string]*routeTable
	groups    map[string]*securityGroup
	tags      map[string]map[string]string // resource ID → key → value
	tokens    map[string]clientToken       // "Operation/token" → first call

	dhcpOptionsID string
	nextPublicIP  int
}

func newState(region string, env *core.Env) *state {
	return &state{
		region:        region,
		env:           env,
		vpcs:          map[string]*vpc{},
		subnets:       map[string]*subnet{},
		igws:          map[string]*internetGateway{},
		addresses:     map[string]*address{},
		nats:          map[string]*natGateway{},
		tables:        map[string]*routeTable{},
		groups:        map[string]*securityGroup{},
		tags:          map[string]map[string]string{},
		tokens:        map[string]clientToken{},
		dhcpOptionsID: env.IDs.EC2("dopt"),
	}
}

func (st *state) now() time.Time { return st.env.Clock.Now() }

func (st *state) id(prefix string) string { return st.env.IDs.EC2(prefix) }
