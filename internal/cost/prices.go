// Package cost estimates the monthly AWS bill of a desired environment from
// the file alone: prices are data (one dated JSON file per region), usage
// that only a person knows (NAT traffic, log volume) comes from the file's
// usage: section or documented defaults.
package cost

import (
	"embed"
	"encoding/json"
	"fmt"
)

// Prices are the on-demand prices of one region on one date.
type Prices struct {
	Region         string                  `json:"region"`
	Date           string                  `json:"date"`
	Source         string                  `json:"source"`
	HoursPerMonth  float64                 `json:"hours_per_month"`
	NATHour        float64                 `json:"nat_gateway_hour"`
	NATGB          float64                 `json:"nat_gateway_gb"`
	ALBHour        float64                 `json:"alb_hour"`
	ALBLCUHour     float64                 `json:"alb_lcu_hour"`
	PublicIPv4Hour float64                 `json:"public_ipv4_hour"`
	Fargate        map[string]FargatePrice `json:"fargate"`
	RDSInstance    map[string]float64      `json:"rds_postgres_instance_hour"`
	RDSStorage     map[string]float64      `json:"rds_storage_gb_month"`
	SecretMonth    float64                 `json:"secret_month"`
	Secret10kCalls float64                 `json:"secret_10k_calls"`
	LogIngestGB    float64                 `json:"log_ingest_gb"`
	LogStorageGB   float64                 `json:"log_storage_gb_month"`
	CloudMapInst   float64                 `json:"cloud_map_instance_month"`
	HostedZone     float64                 `json:"private_hosted_zone_month"`
}

// FargatePrice is the price of a vCPU-hour and a GB-hour on one architecture.
type FargatePrice struct {
	VCPUHour float64 `json:"vcpu_hour"`
	GBHour   float64 `json:"gb_hour"`
}

//go:embed prices_*.json
var priceFiles embed.FS

// PricesFor returns the prices of region, or an error naming the regions
// that have prices.
func PricesFor(region string) (*Prices, error) {
	b, err := priceFiles.ReadFile("prices_" + region + ".json")
	if err != nil {
		entries, _ := priceFiles.ReadDir(".")
		var have []string
		for _, e := range entries {
			have = append(have, e.Name())
		}
		return nil, fmt.Errorf("no prices for region %s (have %v)", region, have)
	}
	var p Prices
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("read prices of %s: %w", region, err)
	}
	return &p, nil
}
