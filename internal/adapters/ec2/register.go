package ec2

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// Register adds the network tier's adapters and EC2's error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(ec2.NewFromConfig(cfg)) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}
