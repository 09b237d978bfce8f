package desired

// Environment is the whole of deploy/environment.yaml: one AWS environment
// that the reconciler keeps equal to the file. Field comments are the
// documentation of the file (the JSON Schema is generated from them).
type Environment struct {
	// Environment name, used in every AWS name and tag (e.g. "production").
	// Lower-case letters, digits and hyphens, at most 20 characters.
	Name string `yaml:"environment" json:"environment"`
	// AWS region, e.g. "us-east-1".
	Region string `yaml:"region" json:"region"`
	// Project name, written to the Project tag. Default "everruns".
	Project string `yaml:"project,omitempty" json:"project,omitempty"`
	// Extra tags put on every resource, besides the identity tags.
	Tags map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// Monthly budget: `reconciler cost` fails when the estimate exceeds it.
	Budget *Budget `yaml:"budget,omitempty" json:"budget,omitempty"`
	// Usage assumptions for the cost estimate (traffic is not in the file).
	Usage *Usage `yaml:"usage,omitempty" json:"usage,omitempty"`

	Network        Network                  `yaml:"network" json:"network"`
	SecurityGroups map[string]SecurityGroup `yaml:"security_groups,omitempty" json:"security_groups,omitempty"`
	Database       *Database                `yaml:"database,omitempty" json:"database,omitempty"`
	Secrets        map[string]Secret        `yaml:"secrets,omitempty" json:"secrets,omitempty"`
	Certificates   map[string]Certificate   `yaml:"certificates,omitempty" json:"certificates,omitempty"`
	Cluster        Cluster                  `yaml:"cluster" json:"cluster"`
	LoadBalancer   *LoadBalancer            `yaml:"load_balancer,omitempty" json:"load_balancer,omitempty"`
	Services       map[string]Service       `yaml:"services,omitempty" json:"services,omitempty"`
	Tasks          map[string]Task          `yaml:"tasks,omitempty" json:"tasks,omitempty"`
	// The reconciler itself, run as a service of the cluster (self-hosting).
	Reconciler *Reconciler `yaml:"reconciler,omitempty" json:"reconciler,omitempty"`
	// What the engine may do about drift, by address prefix (a tier such
	// as "network", or a resource such as "service.api"): report it only,
	// and fields another system owns. Default: every drift is repaired.
	DriftPolicy map[string]DriftRule `yaml:"drift_policy,omitempty" json:"drift_policy,omitempty"`
	pos         positions            // where each value was written, for diagnostics
	file        string
}

// Budget is the monthly spending limit checked by `reconciler cost`.
type Budget struct {
	// Monthly limit in US dollars; must be positive.
	MonthlyUSD float64 `yaml:"monthly_usd" json:"monthly_usd"`
}

// Usage holds the traffic assumptions that only a person can know; the cost
// estimator reads them. All are per month and must not be negative.
type Usage struct {
	// GB processed by the NAT gateway(s) per month (image pulls, LLM calls).
	NATGBPerMonth float64 `yaml:"nat_gb_per_month,omitempty" json:"nat_gb_per_month,omitempty"`
	// GB of logs ingested by CloudWatch Logs per month.
	LogGBPerMonth float64 `yaml:"log_gb_per_month,omitempty" json:"log_gb_per_month,omitempty"`
	// Average load-balancer capacity units per hour. Default 1.
	ALBLCUs float64 `yaml:"alb_lcus,omitempty" json:"alb_lcus,omitempty"`
	// Secrets Manager API calls per month (task starts read secrets).
	SecretCallsPerMonth float64 `yaml:"secret_calls_per_month,omitempty" json:"secret_calls_per_month,omitempty"`
}
