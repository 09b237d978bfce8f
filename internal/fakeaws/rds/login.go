package rds

import (
	"fmt"
	"strings"
)

// PasswordMatches reports whether password logs in as the instance's
// master user, as a client connecting with it would find out; no AWS API
// returns a password, so tests of a reset password ask here.
func (s *Service) PasswordMatches(id, password string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, ok := s.instances[strings.ToLower(id)]
	if !ok {
		return false, fmt.Errorf("no DB instance %s", id)
	}
	return i.password == password, nil
}
