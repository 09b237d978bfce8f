package verify

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"

	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
)

// container is one image the file runs, with who runs it and on what.
type container struct {
	owner    string // service.api, task.migrate, reconciler
	image    registry.Image
	platform string // linux/amd64
}

// platforms maps a task's CPU architecture to the image platform it pulls.
var platforms = map[string]string{"": "linux/amd64", "X86_64": "linux/amd64", "ARM64": "linux/arm64"}

// containers lists every container of the file, services, tasks, then the
// reconciler itself.
func containers(env *desired.Environment) []container {
	var out []container
	secret := func(key string) string {
		if s, ok := env.Secrets[key]; ok && key != "" {
			return s.Name
		}
		return ""
	}
	add := func(owner string, c desired.Container) {
		out = append(out, container{owner: owner, platform: platforms[c.CPUArchitecture],
			image: registry.Image{Repository: c.Image, Tag: c.Tag, Secret: secret(c.RegistryCredentials)}})
	}
	for _, k := range sortedKeys(env.Services) {
		add("service."+k, env.Services[k].Container)
	}
	for _, k := range sortedKeys(env.Tasks) {
		add("task."+k, env.Tasks[k].Container)
	}
	if r := env.Reconciler; r != nil {
		add("reconciler", desired.Container{Image: r.Image, Tag: r.Tag, RegistryCredentials: r.RegistryCredentials, CPUArchitecture: r.CPUArchitecture})
	}
	return out
}

// checkImages asks each image's registry once (several containers may
// share one image) whether the tag exists, and whether it runs on the
// architecture of every task that uses it.
func checkImages(ctx context.Context, c *checker) []Finding {
	byImage := map[registry.Image][]container{}
	for _, ct := range containers(c.env) {
		byImage[ct.image] = append(byImage[ct.image], ct)
	}
	images := make([]registry.Image, 0, len(byImage))
	for img := range byImage {
		images = append(images, img)
	}
	sort.Slice(images, func(i, j int) bool { return images[i].String() < images[j].String() })
	results := make([][]Finding, len(images))
	var wg sync.WaitGroup
	for i, img := range images {
		wg.Go(func() { results[i] = c.image(ctx, img, byImage[img]) })
	}
	wg.Wait()
	var out []Finding
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

func (c *checker) image(ctx context.Context, img registry.Image, users []container) []Finding {
	owners := make([]string, len(users))
	for i, u := range users {
		owners[i] = u.owner
	}
	subject := strings.Join(owners, ", ")
	m, err := c.reg.Inspect(ctx, img)
	var nf *registry.NotFoundError
	switch {
	case errors.As(err, &nf):
		return []Finding{problem(subject, "image %s does not exist: the registry answers %s", img, nf.Answer)}
	case err != nil:
		return []Finding{warning(subject, "image %s could not be checked, the registry did not answer: %v", img, err)}
	}
	var out []Finding
	for _, u := range users {
		if !m.Supports(u.platform) {
			out = append(out, problem(u.owner, "image %s has no %s manifest (it has %s); the task's cpu_architecture needs it",
				img, u.platform, strings.Join(m.Platforms, ", ")))
		}
	}
	if len(out) == 0 {
		out = append(out, ok(subject, "image %s exists (%s)", img, m.Digest))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
