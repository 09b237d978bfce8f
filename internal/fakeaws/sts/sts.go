// Package sts fakes AWS Security Token Service: GetCallerIdentity.
package sts

//lint:file-ignore SA1019 aws-sdk-go v1 is used only for its wire shapes, as the fake's codec.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/sts"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake STS.
type Service struct{ env *core.Env }

// New returns the fake STS.
func New(env *core.Env) *Service { return &Service{env: env} }

func (s *Service) Name() string            { return "sts" }
func (s *Service) Protocol() core.Protocol { return core.Query }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{"GetCallerIdentity": s.getCallerIdentity}
}

// getCallerIdentity follows
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
func (s *Service) getCallerIdentity(r *core.Request) (any, error) {
	return &v1.GetCallerIdentityOutput{
		Account: aws.String(core.AccountID),
		Arn:     aws.String("arn:aws:iam::" + core.AccountID + ":user/devcloud"),
		UserId:  aws.String("AIDADEVCLOUDUSER00001"),
	}, nil
}
