// Command releasecheck checks that what goreleaser left in dist/ (make release-snapshot) is a release the
// Terraform Registry accepts: for every platform of .goreleaser.yml a zip holding the provider binary
// alone, named as the registry looks for it, and one holding portal-mock; the SHA256SUMS file listing every
// zip and the registry manifest, with the right sums; and the manifest saying protocol 6.0.
//
//	go run ./internal/releasecheck [-dist dist] [-config .goreleaser.yml] [-manifest terraform-registry-manifest.json]
package main

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

const project = "terraform-provider-portal"

func main() {
	dist := flag.String("dist", "dist", "goreleaser's output directory")
	config := flag.String("config", ".goreleaser.yml", "goreleaser's configuration, for the platforms")
	manifest := flag.String("manifest", "terraform-registry-manifest.json", "the registry manifest the release uploads, renamed")
	flag.Parse()
	report, err := check(*dist, *config, *manifest)
	fmt.Print(report)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL  the release in %s is not one the Terraform Registry accepts:\n%v\n", *dist, err)
		os.Exit(1)
	}
}

// check checks dist against config and returns what it found, one line a fact, and every problem. The
// release uploads the registry manifest, the repository's manifest file renamed, beside what goreleaser
// writes to dist (a snapshot does not copy it there: publishing is skipped); SHA256SUMS lists it under the
// release's name with its sum.
func check(dist, config, repoManifest string) (string, error) {
	platforms, err := configPlatforms(config)
	if err != nil {
		return "", err
	}
	version, err := releaseVersion(dist)
	if err != nil {
		return "", err
	}
	var report strings.Builder
	var problems []error
	fmt.Fprintf(&report, "release %s: %d platforms (%s)\n", version, len(platforms), strings.Join(platforms, ", "))

	var archives []string
	for _, p := range platforms {
		goos, _, _ := strings.Cut(p, "_")
		exe := ""
		if goos == "windows" {
			exe = ".exe"
		}
		for _, a := range []struct{ zip, binary string }{
			{fmt.Sprintf("%s_%s_%s.zip", project, version, p), fmt.Sprintf("%s_v%s%s", project, version, exe)},
			{fmt.Sprintf("portal-mock_%s_%s.zip", version, p), "portal-mock" + exe},
		} {
			archives = append(archives, a.zip)
			if err := checkArchive(filepath.Join(dist, a.zip), a.binary, goos != "windows"); err != nil {
				problems = append(problems, err)
			}
		}
	}
	if stray := strayArchives(dist, archives); len(stray) > 0 {
		problems = append(problems, fmt.Errorf("zips no platform of %s accounts for: %s", config, strings.Join(stray, ", ")))
	}
	fmt.Fprintf(&report, "ok    %d zips, each holding its binary alone\n", len(archives))

	manifest := fmt.Sprintf("%s_%s_manifest.json", project, version)
	manifestPath := filepath.Join(dist, manifest)
	if _, err := os.Stat(manifestPath); err != nil {
		manifestPath = repoManifest
	}
	if err := checkManifest(manifestPath); err != nil {
		problems = append(problems, err)
	} else {
		fmt.Fprintf(&report, "ok    %s (%s): protocol 6.0\n", manifest, manifestPath)
	}
	sums := fmt.Sprintf("%s_%s_SHA256SUMS", project, version)
	files := map[string]string{manifest: manifestPath}
	for _, a := range archives {
		files[a] = filepath.Join(dist, a)
	}
	if err := checkSums(filepath.Join(dist, sums), files); err != nil {
		problems = append(problems, err)
	} else {
		fmt.Fprintf(&report, "ok    %s: the sums of all %d zips and of the manifest\n", sums, len(archives))
	}
	return report.String(), errors.Join(problems...)
}

var listLine = regexp.MustCompile(`(?m)^\s*(goos|goarch):\s*\[([^\]]*)\]\s*$`)

// configPlatforms reads the platforms (GOOS_GOARCH) of .goreleaser.yml, whose builds list goos and goarch
// as flow sequences on one line each; every build must list the same.
func configPlatforms(config string) ([]string, error) {
	b, err := os.ReadFile(config) //nolint:gosec // the repository's own configuration
	if err != nil {
		return nil, err
	}
	lists := map[string]string{}
	for _, m := range listLine.FindAllStringSubmatch(string(b), -1) {
		values := strings.Join(strings.Fields(strings.ReplaceAll(m[2], ",", " ")), " ")
		if seen, ok := lists[m[1]]; ok && seen != values {
			return nil, fmt.Errorf("%s: the builds list different %s (%q, %q): every build ships for every platform", config, m[1], seen, values)
		}
		lists[m[1]] = values
	}
	if lists["goos"] == "" || lists["goarch"] == "" {
		return nil, fmt.Errorf("%s: no \"goos: [...]\" and \"goarch: [...]\" lines to read the platforms from", config)
	}
	var out []string
	for _, goos := range strings.Fields(lists["goos"]) {
		for _, goarch := range strings.Fields(lists["goarch"]) {
			out = append(out, goos+"_"+goarch)
		}
	}
	return out, nil
}

// releaseVersion is the version goreleaser built (dist/metadata.json).
func releaseVersion(dist string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dist, "metadata.json")) //nolint:gosec // goreleaser's output
	if err != nil {
		return "", fmt.Errorf("%w (has goreleaser run?)", err)
	}
	var meta struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &meta); err != nil || meta.Version == "" {
		return "", fmt.Errorf("%s/metadata.json names no version: %w", dist, err)
	}
	return meta.Version, nil
}

// checkArchive checks that the zip holds the binary alone, non-empty and (but on Windows) executable.
func checkArchive(path, binary string, executable bool) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	defer func() { _ = r.Close() }()
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, []string{binary}) {
		return fmt.Errorf("%s holds %q, want %s alone", filepath.Base(path), names, binary)
	}
	f := r.File[0]
	if f.UncompressedSize64 == 0 || executable && f.Mode()&0o111 == 0 {
		return fmt.Errorf("%s: %s is empty or not executable (%d bytes, %s)", filepath.Base(path), binary, f.UncompressedSize64, f.Mode())
	}
	return nil
}

// strayArchives are the zips of dist that are not expected.
func strayArchives(dist string, expected []string) []string {
	zips, _ := filepath.Glob(filepath.Join(dist, "*.zip"))
	var out []string
	for _, z := range zips {
		if !slices.Contains(expected, filepath.Base(z)) {
			out = append(out, filepath.Base(z))
		}
	}
	return out
}

// checkManifest checks the registry manifest: version 1, protocol 6.0 alone (terraform-plugin-framework).
func checkManifest(path string) error {
	b, err := os.ReadFile(path) //nolint:gosec // goreleaser's output
	if err != nil {
		return err
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		return fmt.Errorf("%s says version %d, protocol_versions %q; want 1 and [\"6.0\"]", filepath.Base(path), m.Version, m.Metadata.ProtocolVersions)
	}
	return nil
}

// checkSums checks that the SHA256SUMS file lists each of files (the name it lists → the file to sum)
// with its right sum.
func checkSums(sumsPath string, files map[string]string) error {
	sumsFile := filepath.Base(sumsPath)
	f, err := os.Open(sumsPath) //nolint:gosec // goreleaser's output
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	listed := map[string]string{}
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		if sum, name, ok := strings.Cut(lines.Text(), "  "); ok {
			listed[name] = sum
		}
	}
	var problems []error
	for _, name := range slices.Sorted(maps.Keys(files)) {
		want, ok := listed[name]
		if !ok {
			problems = append(problems, fmt.Errorf("%s does not list %s", sumsFile, name))
			continue
		}
		got, err := sha256File(files[name])
		if err != nil {
			problems = append(problems, err)
		} else if got != want {
			problems = append(problems, fmt.Errorf("%s: %s lists sum %s, the file's is %s", sumsFile, name, want, got))
		}
	}
	return errors.Join(problems...)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path) //nolint:gosec // goreleaser's output
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
