package acctest

import (
	"testing"

	"github.com/csportal/terraform-provider-portal/internal/mockportal"
)

// NewLegacyMock starts an in-process mock portal full of hand-made objects (mockportal.BuildLegacyPortal
// with its default size) for adoption tests, and returns what it holds.
func NewLegacyMock(t *testing.T) (*mockportal.TestServer, mockportal.LegacyContent) {
	t.Helper()
	ts := NewMock(t, mockportal.Options{Fixtures: mockportal.LegacyFixtures()})
	content, err := ts.BuildLegacyPortal(mockportal.DefaultLegacyPortal)
	if err != nil {
		t.Fatalf("building the legacy portal: %v", err)
	}
	return ts, content
}
