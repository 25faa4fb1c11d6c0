package provider

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestMemoLoadsOncePerKeyUnderConcurrency(t *testing.T) {
	var m memo[int]
	var loads atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := m.get("cus_1", func() (int, error) { loads.Add(1); return 7, nil })
			if err != nil || v != 7 {
				t.Errorf("got %d, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("loaded %d times, want 1", n)
	}
}

func TestMemoForgetsFailures(t *testing.T) {
	var m memo[int]
	if _, err := m.get("k", func() (int, error) { return 0, errors.New("boom") }); err == nil {
		t.Fatal("want the error")
	}
	v, err := m.get("k", func() (int, error) { return 3, nil })
	if err != nil || v != 3 {
		t.Fatalf("second load: %d, %v", v, err)
	}
}
