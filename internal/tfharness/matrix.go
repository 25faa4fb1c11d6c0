package tfharness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// MatrixEntry is one CLI (or provider) of the test matrix, as .ci/matrix-clis prints it.
type MatrixEntry struct {
	Name, Version, Path string
}

// ErrNoMatrix says that this machine has no terraform-matrix: the matrix is an extra, never a requirement.
var ErrNoMatrix = errors.New("no terraform-matrix on this machine")

// MatrixEntries runs the repository's .ci/matrix-clis (found from the working directory up) and returns
// what it lists: the extra Terraform and OpenTofu builds and the peer providers kept beside the repository
// on the team's machines. It returns ErrNoMatrix where there are none.
func MatrixEntries(ctx context.Context) ([]MatrixEntry, error) {
	script, err := RepositoryPath(filepath.Join(".ci", "matrix-clis"))
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, script).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	var entries []MatrixEntry
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			entries = append(entries, MatrixEntry{Name: f[0], Version: f[1], Path: f[2]})
		}
	}
	if len(entries) == 0 {
		return nil, ErrNoMatrix
	}
	return entries, nil
}

// FindMatrixEntry returns the matrix's entry of that name ("terraform", "tofu", "provider-random"), or
// ErrNoMatrix.
func FindMatrixEntry(ctx context.Context, name string) (MatrixEntry, error) {
	entries, err := MatrixEntries(ctx)
	if err != nil {
		return MatrixEntry{}, err
	}
	for _, e := range entries {
		if e.Name == name {
			return e, nil
		}
	}
	return MatrixEntry{}, fmt.Errorf("the matrix has no %s: %w", name, ErrNoMatrix)
}

// MatrixPath returns the path of the matrix's entry of that name, or ErrNoMatrix.
func MatrixPath(ctx context.Context, name string) (string, error) {
	e, err := FindMatrixEntry(ctx, name)
	return e.Path, err
}

// RepositoryPath is the path of a file of the repository, found from the working directory, which may be
// the root (make) or a package directory below it (go test runs in the package's).
func RepositoryPath(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory, so no %s", rel)
		}
		dir = parent
	}
}
