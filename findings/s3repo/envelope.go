package s3repo

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// KMSAPI is the part of the KMS client the repository uses; *kms.Client
// satisfies it.
type KMSAPI interface {
	GenerateDataKey(context.Context, *kms.GenerateDataKeyInput, ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error)
	Decrypt(context.Context, *kms.DecryptInput, ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Names of the user metadata (x-amz-meta-…) of a client-side encrypted
// object, and their fixed values; the S3 Encryption Client's V2 names.
const (
	metaKey        = "x-amz-key-v2"
	metaIV         = "x-amz-iv"
	metaMatDesc    = "x-amz-matdesc"
	metaWrapAlg    = "x-amz-wrap-alg"
	metaCEKAlg     = "x-amz-cek-alg"
	metaTagLen     = "x-amz-tag-len"
	metaPlainLen   = "x-amz-unencrypted-content-length"
	wrapAlgKMS     = "kms+context"
	cekAlgGCM      = "AES/GCM/NoPadding"
	tagLenBits     = "128"
	contextCEKAlg  = "aws:x-amz-cek-alg"
	contextBucket  = "bucket"
	contextKey     = "key"
	contextJobID   = "jobId"
	gcmNonceLength = 12
)

// EncryptionContext returns the KMS encryption context a client-side
// encrypted result object is bound to.
func EncryptionContext(bucket, key, jobID string) map[string]string {
	return map[string]string{
		contextBucket: bucket,
		contextKey:    key,
		contextJobID:  jobID,
		contextCEKAlg: cekAlgGCM,
	}
}

// seal encrypts body under a fresh data key bound to ectx and returns the
// ciphertext and the object metadata that lets a Reader decrypt it.
func seal(ctx context.Context, client KMSAPI, keyID string, ectx map[string]string, body []byte) ([]byte, map[string]string, error) {
	dk, err := client.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{
		KeyId:             aws.String(keyID),
		KeySpec:           kmstypes.DataKeySpecAes256,
		EncryptionContext: ectx,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("generate data key with %s: %w", keyID, err)
	}
	aead, err := newGCM(dk.Plaintext)
	// The key schedule inside aead is the only copy left once this is zeroed.
	clear(dk.Plaintext)
	if err != nil {
		return nil, nil, err
	}
	nonce := make([]byte, gcmNonceLength)
	if _, err := rand.Read(nonce); err != nil {
		return nil, nil, fmt.Errorf("make nonce: %w", err)
	}
	matdesc, err := json.Marshal(ectx)
	if err != nil {
		return nil, nil, fmt.Errorf("encode encryption context: %w", err)
	}
	meta := map[string]string{
		metaKey:      base64.StdEncoding.EncodeToString(dk.CiphertextBlob),
		metaIV:       base64.StdEncoding.EncodeToString(nonce),
		metaMatDesc:  string(matdesc),
		metaWrapAlg:  wrapAlgKMS,
		metaCEKAlg:   cekAlgGCM,
		metaTagLen:   tagLenBits,
		metaPlainLen: strconv.Itoa(len(body)),
	}
	return aead.Seal(nil, nonce, body, nil), meta, nil
}

// clientEncrypted reports whether object metadata says the body is
// client-side encrypted by this package's scheme.
func clientEncrypted(meta map[string]string) bool {
	_, ok := lookup(meta, metaKey)
	return ok
}

// open checks that the stored encryption context is exactly the one the
// object's bucket, key and job call for, then asks KMS for the data key and
// decrypts. It refuses anything else, naming the mismatch.
func open(ctx context.Context, client KMSAPI, keyID string, want map[string]string, meta map[string]string, body []byte) ([]byte, error) {
	get := func(name string) (string, error) {
		v, ok := lookup(meta, name)
		if !ok {
			return "", fmt.Errorf("metadata %s missing", name)
		}
		return v, nil
	}
	wrapAlg, err := get(metaWrapAlg)
	if err != nil {
		return nil, err
	}
	cekAlg, err := get(metaCEKAlg)
	if err != nil {
		return nil, err
	}
	if wrapAlg != wrapAlgKMS || cekAlg != cekAlgGCM {
		return nil, fmt.Errorf("unsupported encryption %s with %s", cekAlg, wrapAlg)
	}
	if tl, ok := lookup(meta, metaTagLen); ok && tl != tagLenBits {
		return nil, fmt.Errorf("unsupported tag length %s", tl)
	}
	raw, err := get(metaMatDesc)
	if err != nil {
		return nil, err
	}
	var stored map[string]string
	if err := json.Unmarshal([]byte(raw), &stored); err != nil {
		return nil, fmt.Errorf("decode stored encryption context: %w", err)
	}
	if err := sameContext(stored, want); err != nil {
		return nil, err
	}
	encKey, err := decodeB64(meta, metaKey)
	if err != nil {
		return nil, err
	}
	nonce, err := decodeB64(meta, metaIV)
	if err != nil {
		return nil, err
	}
	if len(nonce) != gcmNonceLength {
		return nil, fmt.Errorf("metadata %s: nonce of %d bytes, want %d", metaIV, len(nonce), gcmNonceLength)
	}
	in := &kms.DecryptInput{CiphertextBlob: encKey, EncryptionContext: stored}
	if keyID != "" {
		in.KeyId = aws.String(keyID)
	}
	dk, err := client.Decrypt(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("decrypt data key: %w", err)
	}
	aead, err := newGCM(dk.Plaintext)
	clear(dk.Plaintext)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, nonce, body, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt body: %w", err)
	}
	return plain, nil
}

// ErrContextMismatch is wrapped by the error of a Reader that refuses an
// object whose stored encryption context is not the one its bucket, key and
// job call for: the object was copied, moved or tampered with.
var ErrContextMismatch = errors.New("encryption context does not match the object")

// sameContext explains the first difference between the stored context and
// the one the object's place calls for.
func sameContext(stored, want map[string]string) error {
	keys := make([]string, 0, len(want)+len(stored))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range stored {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		s, inStored := stored[k]
		w, inWant := want[k]
		switch {
		case !inStored:
			return fmt.Errorf("%w: it lacks %q (want %q)", ErrContextMismatch, k, w)
		case !inWant:
			return fmt.Errorf("%w: it has unexpected %q", ErrContextMismatch, k)
		case s != w:
			return fmt.Errorf("%w: %s is %q, but the object's %s is %q", ErrContextMismatch, k, s, k, w)
		}
	}
	return nil
}

// lookup finds user metadata case-insensitively: S3 and S3-compatible stores
// differ in how they case metadata names.
func lookup(meta map[string]string, name string) (string, bool) {
	if v, ok := meta[name]; ok {
		return v, true
	}
	for k, v := range meta {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func decodeB64(meta map[string]string, name string) ([]byte, error) {
	v, ok := lookup(meta, name)
	if !ok {
		return nil, fmt.Errorf("metadata %s missing", name)
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("metadata %s: %w", name, err)
	}
	return b, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("data key of %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("make cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("make gcm: %w", err)
	}
	return aead, nil
}
