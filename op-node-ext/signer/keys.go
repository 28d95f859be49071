package signer

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
)

// maxKeyFileBytes bounds a keystore file: a real one is about 500 bytes, so
// anything larger is some other file, refused before it is parsed.
const maxKeyFileBytes = 64 << 10

// LoadKeys decrypts the keystore files at paths with password. A path is a
// keystore file or a directory of them; in a directory, hidden files, editor
// backups (name~) and READMEs are skipped as geth's keystore skips them, and
// every other file must be a keystore file. A wrong password, a file that is
// not a keystore file, or no keys at all is an error naming the file. A
// keystore file that group or others may read (geth writes them 0600) is
// loaded with a warning logged to lg (nil: log.Root()).
func LoadKeys(paths []string, password string, lg log.Logger) ([]*ecdsa.PrivateKey, error) {
	if lg == nil {
		lg = log.Root()
	}
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("keystore: %w", err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("keystore: %w", err)
		}
		for _, e := range entries {
			if name := e.Name(); e.IsDir() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.EqualFold(name, "README") {
				continue
			}
			files = append(files, filepath.Join(p, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("keystore: no keystore files in %s", strings.Join(paths, ", "))
	}
	seen := make(map[common.Address]bool)
	var keys []*ecdsa.PrivateKey
	for _, f := range files {
		key, err := loadKey(f, password, lg)
		if err != nil {
			return nil, err
		}
		if a := crypto.PubkeyToAddress(key.PublicKey); !seen[a] {
			seen[a] = true
			keys = append(keys, key)
		}
	}
	return keys, nil
}

// loadKey decrypts one keystore file.
func loadKey(path, password string, lg log.Logger) (*ecdsa.PrivateKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	if fi.Size() > maxKeyFileBytes {
		return nil, fmt.Errorf("keystore: %s is not a keystore file (%d bytes)", path, fi.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	var probe struct {
		Crypto json.RawMessage `json:"crypto"` // "Crypto" in version 1 files: field names match case-insensitively
	}
	if err := json.Unmarshal(b, &probe); err != nil || len(probe.Crypto) == 0 {
		return nil, fmt.Errorf("keystore: %s is not a keystore file (want geth's JSON with a crypto section)", path)
	}
	k, err := keystore.DecryptKey(b, password)
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, fmt.Errorf("keystore: %s: wrong password", path)
	}
	if err != nil {
		return nil, fmt.Errorf("keystore: %s: %w", path, err)
	}
	if exposed(fi) {
		lg.Warn("keystore: keystore file open to group or others: chmod 600 it (geth writes them 0600)", "file", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	}
	return k.PrivateKey, nil
}

// exposed reports whether group or others may read, write or run a file
// (mode & 0o077), as ssh refuses such a private key. Not on Windows, where
// permission bits say nothing of it.
func exposed(fi os.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0
}

// ReadPassword reads a password file: its content with trailing newlines
// (\n, \r\n) trimmed. An empty password, or a file that group or others
// may read (mode & 0o077 set: chmod 600 it), is refused.
func ReadPassword(path string) (string, error) {
	return readSecret(path, "password", func(s string) string { return strings.TrimRight(s, "\r\n") })
}

// ReadToken reads a bearer token file: its content with surrounding white
// space trimmed. An empty token, or a file that group or others may read,
// is refused.
func ReadToken(path string) (string, error) {
	return readSecret(path, "auth token", strings.TrimSpace)
}

func readSecret(path, what string, trim func(string) string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s file: %w", what, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("%s file: %w", what, err)
	}
	if exposed(fi) {
		return "", fmt.Errorf("%s file %s is open to group or others (mode %04o): chmod 600 it", what, path, fi.Mode().Perm())
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return "", fmt.Errorf("%s file: %w", what, err)
	}
	s := trim(string(b))
	if s == "" {
		return "", fmt.Errorf("%s file %s is empty", what, path)
	}
	return s, nil
}

// NewKey makes a fresh random key and stores it in dir (created if missing)
// as a keystore file encrypted with password, with scrypt parameters n and p
// (keystore.StandardScryptN/P; LightScryptN/P for tests and throwaway keys).
func NewKey(dir, password string, n, p int) (accounts.Account, error) {
	if password == "" {
		return accounts.Account{}, errors.New("keystore: refusing to store a key with an empty password")
	}
	return keystore.StoreKey(dir, password, n, p)
}
