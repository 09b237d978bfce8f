package cost

import (
	"fmt"
	"math"
	"sort"

	"github.com/everruns/reconciler/pkg/desired"
)

// Usage defaults, used when the file's usage: section leaves a value out.
// They are a small production environment's, and are printed with the
// estimate so nobody mistakes them for measurements.
const (
	DefaultNATGBPerMonth       = 20    // image pulls and LLM API traffic
	DefaultLogGBPerMonth       = 5     // four services at info level
	DefaultALBLCUs             = 1     // an idle-to-light ALB stays under one LCU
	DefaultSecretCallsPerMonth = 10000 // task starts and rotations
)

// Item is one line of the estimate.
type Item struct {
	Category   string  `json:"category"` // fargate, nat, alb, ipv4, rds, secrets, cloudmap, logs
	Name       string  `json:"name"`
	Quantity   float64 `json:"quantity"`
	Unit       string  `json:"unit"`
	UnitUSD    float64 `json:"unitUSD"`
	MonthlyUSD float64 `json:"monthlyUSD"`
}

// Estimate is the monthly cost of an environment.
type Estimate struct {
	Environment string             `json:"environment"`
	Region      string             `json:"region"`
	PriceDate   string             `json:"priceDate"`
	MonthlyUSD  float64            `json:"monthlyUSD"`
	Items       []Item             `json:"items"`
	Assumptions map[string]float64 `json:"assumptions"`
	BudgetUSD   float64            `json:"budgetUSD,omitempty"`
	OverBudget  bool               `json:"overBudget"`
}

// Estimate prices env (already loaded, defaults applied) with p.
func (p *Prices) Estimate(env *desired.Environment) (*Estimate, error) {
	if env.Region != p.Region {
		return nil, fmt.Errorf("prices are for %s, the environment is in %s", p.Region, env.Region)
	}
	u := usage(env)
	e := &Estimate{Environment: env.Name, Region: p.Region, PriceDate: p.Date, Assumptions: map[string]float64{
		"hours_per_month": p.HoursPerMonth, "nat_gb_per_month": u.NATGBPerMonth, "log_gb_per_month": u.LogGBPerMonth,
		"alb_lcus": u.ALBLCUs, "secret_calls_per_month": u.SecretCallsPerMonth,
	}}
	steps := []func(*desired.Environment, desired.Usage) ([]Item, error){
		p.fargate, p.network, p.loadBalancer, p.database, p.secrets, p.cloudMap, p.logs,
	}
	for _, step := range steps {
		items, err := step(env, u)
		if err != nil {
			return nil, err
		}
		e.Items = append(e.Items, items...)
	}
	for i := range e.Items {
		e.Items[i].MonthlyUSD = round2(e.Items[i].Quantity * e.Items[i].UnitUSD)
		e.MonthlyUSD += e.Items[i].MonthlyUSD
	}
	e.MonthlyUSD = round2(e.MonthlyUSD)
	if env.Budget != nil && env.Budget.MonthlyUSD > 0 {
		e.BudgetUSD = env.Budget.MonthlyUSD
		e.OverBudget = e.MonthlyUSD > e.BudgetUSD
	}
	return e, nil
}

func usage(env *desired.Environment) desired.Usage {
	u := desired.Usage{}
	if env.Usage != nil {
		u = *env.Usage
	}
	or := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	or(&u.NATGBPerMonth, DefaultNATGBPerMonth)
	or(&u.LogGBPerMonth, DefaultLogGBPerMonth)
	or(&u.ALBLCUs, DefaultALBLCUs)
	or(&u.SecretCallsPerMonth, DefaultSecretCallsPerMonth)
	return u
}

// fargate prices each long-running service, the reconciler's own
// included, by its vCPU and memory hours on its architecture. One-off
// tasks run for minutes a month and are left out.
func (p *Prices) fargate(env *desired.Environment, _ desired.Usage) ([]Item, error) {
	var items []Item
	for _, t := range fargateTasks(env) {
		price, ok := p.Fargate[t.arch]
		if !ok {
			return nil, fmt.Errorf("service %s: no Fargate price for architecture %s", t.key, t.arch)
		}
		taskHours := float64(t.count) * p.HoursPerMonth
		vcpu, gb := float64(t.cpu)/1024, float64(t.memory)/1024
		items = append(items,
			Item{Category: "fargate", Name: fmt.Sprintf("%s vCPU (%g × %d tasks, %s)", t.key, vcpu, t.count, t.arch),
				Quantity: vcpu * taskHours, Unit: "vCPU-hour", UnitUSD: price.VCPUHour},
			Item{Category: "fargate", Name: fmt.Sprintf("%s memory (%g GB × %d tasks, %s)", t.key, gb, t.count, t.arch),
				Quantity: gb * taskHours, Unit: "GB-hour", UnitUSD: price.GBHour})
	}
	return items, nil
}

// fargateTask is one long-running service's size.
type fargateTask struct {
	key, arch          string
	cpu, memory, count int
}

func fargateTasks(env *desired.Environment) []fargateTask {
	var out []fargateTask
	for _, key := range sortedKeys(env.Services) {
		s := env.Services[key]
		out = append(out, fargateTask{key, s.CPUArchitecture, s.CPU, s.Memory, countOf(s.DesiredCount)})
	}
	if r := env.SelfHosted(); r != nil {
		out = append(out, fargateTask{"reconciler", r.CPUArchitecture, r.CPU, r.Memory, countOf(r.DesiredCount)})
	}
	for i := range out {
		if out[i].arch == "" {
			out[i].arch = "X86_64"
		}
	}
	return out
}

func countOf(n *int) int {
	if n == nil {
		return 1
	}
	return *n
}

// network prices the NAT gateways (hours and data) and every public IPv4
// address: each NAT's Elastic IP and one per ALB zone (since February 2024).
func (p *Prices) network(env *desired.Environment, u desired.Usage) ([]Item, error) {
	nats := 1
	if env.Network.NATGateways != nil {
		nats = *env.Network.NATGateways
	}
	ips := nats
	if env.LoadBalancer != nil && !env.LoadBalancer.Internal {
		ips += len(env.Network.PublicSubnets)
	}
	return []Item{
		{Category: "nat", Name: fmt.Sprintf("NAT gateway hours (%d)", nats), Quantity: float64(nats) * p.HoursPerMonth, Unit: "hour", UnitUSD: p.NATHour},
		{Category: "nat", Name: "NAT data processed", Quantity: u.NATGBPerMonth, Unit: "GB", UnitUSD: p.NATGB},
		{Category: "ipv4", Name: fmt.Sprintf("public IPv4 addresses (%d)", ips), Quantity: float64(ips) * p.HoursPerMonth, Unit: "address-hour", UnitUSD: p.PublicIPv4Hour},
	}, nil
}

func (p *Prices) loadBalancer(env *desired.Environment, u desired.Usage) ([]Item, error) {
	if env.LoadBalancer == nil {
		return nil, nil
	}
	return []Item{
		{Category: "alb", Name: "ALB hours", Quantity: p.HoursPerMonth, Unit: "hour", UnitUSD: p.ALBHour},
		{Category: "alb", Name: fmt.Sprintf("ALB capacity (%g LCU)", u.ALBLCUs), Quantity: u.ALBLCUs * p.HoursPerMonth, Unit: "LCU-hour", UnitUSD: p.ALBLCUHour},
	}, nil
}

// database prices the instance and its storage; Multi-AZ doubles both.
func (p *Prices) database(env *desired.Environment, _ desired.Usage) ([]Item, error) {
	db := env.Database
	if db == nil {
		return nil, nil
	}
	hour, ok := p.RDSInstance[db.InstanceClass]
	if !ok {
		return nil, fmt.Errorf("database: no price for instance class %s in %s (prices of %s)", db.InstanceClass, p.Region, p.Date)
	}
	storage, ok := p.RDSStorage[db.StorageType]
	if !ok {
		return nil, fmt.Errorf("database: no price for storage type %s", db.StorageType)
	}
	copies, az := 1.0, "single-AZ"
	if db.MultiAZ {
		copies, az = 2, "Multi-AZ"
	}
	return []Item{
		{Category: "rds", Name: fmt.Sprintf("RDS %s %s", db.InstanceClass, az), Quantity: copies * p.HoursPerMonth, Unit: "instance-hour", UnitUSD: hour},
		{Category: "rds", Name: fmt.Sprintf("RDS %s storage (%d GB)", db.StorageType, db.AllocatedStorageGB), Quantity: copies * float64(db.AllocatedStorageGB), Unit: "GB-month", UnitUSD: storage},
	}, nil
}

func (p *Prices) secrets(env *desired.Environment, u desired.Usage) ([]Item, error) {
	n := float64(len(env.Secrets))
	return []Item{
		{Category: "secrets", Name: fmt.Sprintf("Secrets Manager secrets (%d)", len(env.Secrets)), Quantity: n, Unit: "secret-month", UnitUSD: p.SecretMonth},
		{Category: "secrets", Name: "Secrets Manager API calls", Quantity: u.SecretCallsPerMonth / 10000, Unit: "10k calls", UnitUSD: p.Secret10kCalls},
	}, nil
}

// cloudMap prices one registered instance per task of each discoverable
// service, and the private hosted zone behind the namespace.
func (p *Prices) cloudMap(env *desired.Environment, _ desired.Usage) ([]Item, error) {
	instances := 0
	for _, s := range env.Services {
		if s.Discovery == "" {
			continue
		}
		if s.DesiredCount != nil {
			instances += *s.DesiredCount
		} else {
			instances++
		}
	}
	if instances == 0 {
		return nil, nil
	}
	return []Item{
		{Category: "cloudmap", Name: fmt.Sprintf("Cloud Map instances (%d)", instances), Quantity: float64(instances), Unit: "instance-month", UnitUSD: p.CloudMapInst},
		{Category: "cloudmap", Name: "private DNS namespace (Route 53 hosted zone)", Quantity: 1, Unit: "zone-month", UnitUSD: p.HostedZone},
	}, nil
}

// logs prices ingestion and the steady-state storage: with retention of r
// days, about r/30 months of ingestion are kept at any time.
func (p *Prices) logs(env *desired.Environment, u desired.Usage) ([]Item, error) {
	retention := float64(env.Cluster.LogGroup.RetentionDays)
	stored := u.LogGBPerMonth * retention / 30
	return []Item{
		{Category: "logs", Name: "CloudWatch Logs ingestion", Quantity: u.LogGBPerMonth, Unit: "GB", UnitUSD: p.LogIngestGB},
		{Category: "logs", Name: fmt.Sprintf("CloudWatch Logs storage (%g days retained)", retention), Quantity: stored, Unit: "GB-month", UnitUSD: p.LogStorageGB},
	}, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
