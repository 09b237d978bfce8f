package rds

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// AutoscaleStorage plays RDS storage autoscaling: the instance's
// AllocatedStorage grows to gb at once. Autoscaling happens only when
// MaxAllocatedStorage is set and never beyond it
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html),
// and storage never shrinks.
func (s *Service) AutoscaleStorage(id string, gb int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, ok := s.instances[strings.ToLower(id)]
	switch {
	case !ok:
		return fmt.Errorf("no DB instance %s", id)
	case i.maxStorage == 0:
		return errors.New("storage autoscaling is off (no MaxAllocatedStorage)")
	case gb <= i.storage || gb > i.maxStorage:
		return fmt.Errorf("autoscaling grows storage above %d GiB up to MaxAllocatedStorage %d GiB, not to %d", i.storage, i.maxStorage, gb)
	}
	i.storage = gb
	return nil
}

// UpgradeMinorVersion plays an automatic minor version upgrade: the
// instance runs version, a newer minor of the same major, at once. AWS
// does it only when AutoMinorVersionUpgrade is on
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html).
func (s *Service) UpgradeMinorVersion(id, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, ok := s.instances[strings.ToLower(id)]
	if !ok {
		return fmt.Errorf("no DB instance %s", id)
	}
	if !i.autoMinorUpgrade {
		return errors.New("AutoMinorVersionUpgrade is off")
	}
	v, err := resolveVersion(i.engine, version)
	if err != nil || majorOf(i.engine, v) != majorOf(i.engine, i.engineVersion) || compareVersions(v, i.engineVersion) <= 0 {
		return fmt.Errorf("%s is not a newer minor version of %s %s", version, i.engine, i.engineVersion)
	}
	i.engineVersion = v
	if i.pending != nil && i.pending.EngineVersion != nil && compareVersions(*i.pending.EngineVersion, v) <= 0 {
		i.pending.EngineVersion = nil
	}
	return nil
}

// Hooks serves, for black-box tests of the standalone server,
//
//	POST /_devcloud/rds/autoscale?id=ID&gb=GB          AutoscaleStorage
//	POST /_devcloud/rds/minor-upgrade?id=ID&version=V  UpgradeMinorVersion
//
// each answering 204, or 409 with the reason AWS would not do it.
func (s *Service) Hooks() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"autoscale": post(func(r *http.Request) error {
			gb, err := strconv.ParseInt(r.URL.Query().Get("gb"), 10, 64)
			if err != nil {
				return fmt.Errorf("gb must be a number of GiB")
			}
			return s.AutoscaleStorage(r.URL.Query().Get("id"), gb)
		}),
		"minor-upgrade": post(func(r *http.Request) error {
			return s.UpgradeMinorVersion(r.URL.Query().Get("id"), r.URL.Query().Get("version"))
		}),
	}
}

func post(do func(r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		if err := do(r); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
