package provider

import (
	"crypto/rand"
	"math/big"
)

// Character classes of generated passwords: portals commonly demand three or four of them.
var passwordClasses = []string{
	"ABCDEFGHJKLMNPQRSTUVWXYZ",
	"abcdefghijkmnopqrstuvwxyz",
	"23456789",
	"!#%+-.:=?@_~",
}

const generatedPasswordLength = 32

// generatePassword returns a random password with every character class, for a shared mailbox's generic
// user: nobody ever logs in with it (R5 disables the login), so it is never stored or shown.
func generatePassword() (string, error) {
	all := ""
	for _, class := range passwordClasses {
		all += class
	}
	out := make([]byte, generatedPasswordLength)
	for i := range out {
		set := all
		if i < len(passwordClasses) {
			set = passwordClasses[i] // one of each class first, shuffled below
		}
		c, err := randomByte(set)
		if err != nil {
			return "", err
		}
		out[i] = c
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		if err != nil {
			return "", err
		}
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}

func randomByte(set string) (byte, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
	if err != nil {
		return 0, err
	}
	return set[n.Int64()], nil
}
