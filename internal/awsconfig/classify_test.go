package awsconfig

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/everruns/reconciler/pkg/reconcile"
)

func apiErr(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: "m"}
}

func withStatus(err error, status int) error {
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: err},
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]struct {
		err  error
		want reconcile.Class
	}{
		"EC2 throttling":                    {apiErr("RequestLimitExceeded"), reconcile.ClassTransient},
		"JSON throttling, wrapped":          {fmt.Errorf("create secret secrets.db: %w", apiErr("ThrottlingException")), reconcile.ClassTransient},
		"eventual consistency after create": {apiErr("InvalidVpcID.NotFound"), reconcile.ClassTransient},
		"NAT gateway not yet visible":       {apiErr("NatGatewayNotFound"), reconcile.ClassTransient},
		"dependency still in use":           {apiErr("DependencyViolation"), reconcile.ClassTransient},
		"RDS instance modifying":            {apiErr("InvalidDBInstanceState"), reconcile.ClassNotReady},
		"bad parameter":                     {apiErr("InvalidParameterValue"), reconcile.ClassTerminal},
		"subnet outside the VPC":            {apiErr("InvalidSubnet.Range"), reconcile.ClassTerminal},
		"access denied":                     {apiErr("UnauthorizedOperation"), reconcile.ClassTerminal},
		"unknown code with a 503":           {withStatus(apiErr("Whatever"), 503), reconcile.ClassTransient},
		"unknown code with a 400":           {withStatus(apiErr("Whatever"), 400), reconcile.ClassTerminal},
		"transport error":                   {errors.New("connection reset by peer"), reconcile.ClassTransient},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Classify(tc.err); got != tc.want {
				t.Errorf("Classify(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}
