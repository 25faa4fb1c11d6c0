package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testConfig = `builds:
  - id: provider
    goos: [linux, windows]
    goarch: [amd64, arm64]
  - id: portal-mock
    goos: [linux, windows]
    goarch: [amd64, arm64]
`

// fakeRelease writes what goreleaser would for testConfig at version 1.2.3, changed by spoil, and returns
// the directory and the configuration's path; the repository's manifest is manifest.json beside them, as
// a snapshot leaves it (the release uploads it).
func fakeRelease(t *testing.T, spoil func(dist string, files map[string][]byte)) (string, string) {
	t.Helper()
	dir := t.TempDir()
	config := filepath.Join(dir, ".goreleaser.yml")
	if err := os.WriteFile(config, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o750); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"metadata.json": []byte(`{"project_name":"terraform-provider-portal","version":"1.2.3"}`),
		"terraform-provider-portal_1.2.3_manifest.json": []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`),
	}
	defer func() {
		// The snapshot does not copy the manifest into dist: it is the repository's file.
		manifest := files["terraform-provider-portal_1.2.3_manifest.json"]
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dist, "terraform-provider-portal_1.2.3_manifest.json")); err != nil {
			t.Fatal(err)
		}
	}()
	for _, p := range []string{"linux_amd64", "linux_arm64", "windows_amd64", "windows_arm64"} {
		exe := ""
		if strings.HasPrefix(p, "windows") {
			exe = ".exe"
		}
		files["terraform-provider-portal_1.2.3_"+p+".zip"] = zipOf(t, "terraform-provider-portal_v1.2.3"+exe)
		files["portal-mock_1.2.3_"+p+".zip"] = zipOf(t, "portal-mock"+exe)
	}
	if spoil != nil {
		spoil(dist, files)
	}
	var sums strings.Builder
	for name, content := range files {
		if strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, "_manifest.json") {
			sum := sha256.Sum256(content)
			fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
		}
	}
	files["terraform-provider-portal_1.2.3_SHA256SUMS"] = []byte(sums.String())
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dist, name), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dist, config
}

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b strings.Builder
	w := zip.NewWriter(&b)
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o755)
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte("binary")); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

func TestCheck(t *testing.T) {
	dist, config := fakeRelease(t, nil)
	report, err := check(dist, config, filepath.Join(filepath.Dir(config), "manifest.json"))
	if err != nil {
		t.Fatalf("a complete release: %v\n%s", err, report)
	}
	for _, want := range []string{"release 1.2.3: 4 platforms", "ok    8 zips", "protocol 6.0", "the sums of all 8 zips and of the manifest"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	for _, tc := range []struct {
		name  string
		spoil func(string, map[string][]byte)
		want  string
	}{
		{"a platform without its provider zip", func(_ string, f map[string][]byte) {
			delete(f, "terraform-provider-portal_1.2.3_windows_arm64.zip")
		}, "terraform-provider-portal_1.2.3_windows_arm64.zip"},
		{"a zip with more than the binary", func(_ string, f map[string][]byte) {
			f["portal-mock_1.2.3_linux_amd64.zip"] = zipOf(t, "portal-mock", "README.md")
		}, "want portal-mock alone"},
		{"protocol 5", func(_ string, f map[string][]byte) {
			f["terraform-provider-portal_1.2.3_manifest.json"] = []byte(`{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`)
		}, `want 1 and ["6.0"]`},
		{"a stray zip", func(_ string, f map[string][]byte) {
			f["terraform-provider-portal_1.2.3_plan9_amd64.zip"] = zipOf(t, "terraform-provider-portal_v1.2.3")
		}, "zips no platform"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dist, config := fakeRelease(t, tc.spoil)
			if _, err := check(dist, config, filepath.Join(filepath.Dir(config), "manifest.json")); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one naming %q", err, tc.want)
			}
		})
	}
	// A sum that does not match its file.
	dist, config = fakeRelease(t, nil)
	if err := os.WriteFile(filepath.Join(dist, "portal-mock_1.2.3_linux_arm64.zip"), zipOf(t, "portal-mock"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dist, "portal-mock_1.2.3_linux_arm64.zip"), 10); err != nil {
		t.Fatal(err)
	}
	if _, err := check(dist, config, filepath.Join(filepath.Dir(config), "manifest.json")); err == nil || !strings.Contains(err.Error(), "portal-mock_1.2.3_linux_arm64.zip") {
		t.Errorf("a corrupt zip: err = %v", err)
	}
}
