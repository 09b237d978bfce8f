package e2e

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/google/go-containerregistry/pkg/name"
	ggcr "github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// digestRegistry is go-containerregistry's in-process registry; it can
// be made to answer 429 to everything.
type digestRegistry struct {
	srv      *httptest.Server
	host     string
	throttle atomic.Bool
}

func newDigestRegistry(t *testing.T) *digestRegistry {
	t.Helper()
	r := &digestRegistry{}
	inner := ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)))
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.throttle.Load() {
			http.Error(w, `{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}`, http.StatusTooManyRequests)
			return
		}
		inner.ServeHTTP(w, req)
	}))
	t.Cleanup(r.srv.Close)
	r.host = strings.TrimPrefix(r.srv.URL, "http://")
	return r
}

// push writes a new random image at repo:tag and returns its digest.
func (r *digestRegistry) push(t *testing.T, repo, tag string) string {
	t.Helper()
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.NewTag(r.host + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// digestPath writes ecsFile with the api on the registry at host, tag
// latest, image_policy digest; the rest of the file keeps tag policy.
func digestPath(t *testing.T, host string) string {
	t.Helper()
	body := strings.NewReplacer("API_TAG", "v1", "API_COUNT", "1", "MIGRATE_TAG", "v1").Replace(ecsFile)
	body = strings.Replace(body, "    image: example/api\n    tag: v1\n",
		"    image: "+host+"/example/api\n    tag: latest\n    image_policy: digest\n", 1)
	if !strings.Contains(body, "image_policy: digest") {
		t.Fatal("ecsFile no longer has the api as expected")
	}
	path := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// digestImage is the image the api's newest revision names in AWS.
func (w *ecsWorld) digestImage(t *testing.T) string {
	t.Helper()
	out, err := w.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("everruns-api-production")})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.TaskDefinition.ContainerDefinitions[0].Image)
}
