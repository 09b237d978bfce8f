// Package fakeawstest starts an isolated fake AWS for one test and gives the
// aws.Config that the real SDK clients use to talk to it.
package fakeawstest

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
)

// Start serves a new fake AWS on a loopback port until the test ends.
func Start(t testing.TB, opts ...fakeaws.Option) (*fakeaws.Server, aws.Config) {
	t.Helper()
	srv := fakeaws.New(opts...)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, Config(hs.URL)
}

// Config is an aws.Config for the fake at endpoint, with static credentials
// and no retries, so that a test sees every error the fake returns.
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEVCLOUD", "devcloud", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   awsconfig.HTTPClient(),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}
