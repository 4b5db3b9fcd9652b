package kmsserver

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Defaults used when Options leaves them empty.
const (
	DefaultRegion  = "us-east-1"
	DefaultAccount = "111122223333"
)

// maxRequestBytes bounds a request body; KMS's own limits (4 KiB plaintext,
// 6 KiB ciphertext) are far below it.
const maxRequestBytes = 1 << 20

// blobMagic starts every ciphertext blob this server produces.
var blobMagic = []byte("pkms1")

// Options configures a Server.
type Options struct {
	// Region and Account appear in ARNs. Defaults: DefaultRegion, DefaultAccount.
	Region  string
	Account string
	// Deny lists, per key reference (id, ARN or alias as given), the
	// operations answered with AccessDeniedException ("*" for all). Alias
	// references are resolved when the key is used, so a key can be denied
	// before its alias exists.
	Deny map[string][]string
	// Logger receives one line per request (operation, status); nil discards.
	Logger *slog.Logger
}

// Server is an http.Handler speaking the KMS JSON 1.1 protocol. It is safe
// for concurrent use.
type Server struct {
	region, account string
	log             *slog.Logger

	mu      sync.Mutex
	keys    map[string]*key   // by key id
	aliases map[string]*alias // by alias name ("alias/x")
	deny    map[string]map[string]bool
}

type key struct {
	id          string
	material    []byte
	description string
	created     time.Time
	enabled     bool
}

type alias struct {
	name     string
	targetID string
	created  time.Time
}

// New returns a Server with no keys.
func New(opts Options) *Server {
	s := &Server{
		region:  opts.Region,
		account: opts.Account,
		log:     opts.Logger,
		keys:    map[string]*key{},
		aliases: map[string]*alias{},
		deny:    map[string]map[string]bool{},
	}
	if s.region == "" {
		s.region = DefaultRegion
	}
	if s.account == "" {
		s.account = DefaultAccount
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for ref, ops := range opts.Deny {
		s.setDeny(ref, ops)
	}
	return s
}

// kmsError is an error answered in KMS's error shape.
type kmsError struct {
	code, msg string
}

func (e *kmsError) Error() string { return e.code + ": " + e.msg }

func errorf(code, format string, args ...any) *kmsError {
	return &kmsError{code: code, msg: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers one KMS request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, resp, err := s.handle(r, target)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", newID())
	if err != nil {
		var ke *kmsError
		if !errors.As(err, &ke) {
			ke = errorf("KMSInternalException", "%v", err)
		}
		s.log.Info("kms request", "op", op, "error", ke.code)
		w.Header().Set("X-Amzn-Errortype", ke.code)
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": ke.code, "message": ke.msg})
		return
	}
	s.log.Info("kms request", "op", op, "status", http.StatusOK)
	_ = json.NewEncoder(w).Encode(resp)
}

func (s *Server) handle(r *http.Request, target string) (string, any, error) {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return "", nil, errorf("UnknownOperationException", "only POST / is served")
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		return "", nil, errorf("MissingAuthenticationTokenException", "request is missing a SigV4 Authorization header")
	}
	service, op, ok := strings.Cut(target, ".")
	if !ok || (service != "TrentService" && service != "PiiscanTest") {
		return target, nil, errorf("UnknownOperationException", "unknown X-Amz-Target %q", target)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil {
		return op, nil, errorf("ValidationException", "read request body: %v", err)
	}
	if len(body) > maxRequestBytes {
		return op, nil, errorf("ValidationException", "request body exceeds %d bytes", maxRequestBytes)
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	var h func([]byte) (any, error)
	if service == "PiiscanTest" {
		if op == "SetKeyAccess" {
			h = s.setKeyAccess
		}
	} else {
		h = map[string]func([]byte) (any, error){
			"CreateKey":                       s.createKey,
			"CreateAlias":                     s.createAlias,
			"DescribeKey":                     s.describeKey,
			"ListAliases":                     s.listAliases,
			"ListKeys":                        s.listKeys,
			"GenerateDataKey":                 s.generateDataKey(true),
			"GenerateDataKeyWithoutPlaintext": s.generateDataKey(false),
			"Encrypt":                         s.encrypt,
			"Decrypt":                         s.decrypt,
			"DisableKey":                      s.setEnabled(false, "DisableKey"),
			"EnableKey":                       s.setEnabled(true, "EnableKey"),
		}[op]
	}
	if h == nil {
		return op, nil, errorf("UnknownOperationException", "operation %s is not served by this test server", target)
	}
	resp, err := h(body)
	return op, resp, err
}

func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return errorf("SerializationException", "malformed request body: %v", err)
	}
	return nil
}

// keyMetadata is KMS's KeyMetadata shape (the fields a symmetric key has).
type keyMetadata struct {
	AWSAccountId          string
	KeyId                 string
	Arn                   string
	CreationDate          float64
	Enabled               bool
	Description           string
	KeyUsage              string
	KeyState              string
	Origin                string
	KeyManager            string
	KeySpec               string
	CustomerMasterKeySpec string
	EncryptionAlgorithms  []string
	MultiRegion           bool
}

func (s *Server) keyARN(id string) string {
	return "arn:aws:kms:" + s.region + ":" + s.account + ":key/" + id
}

func (s *Server) aliasARN(name string) string {
	return "arn:aws:kms:" + s.region + ":" + s.account + ":" + name
}

func (s *Server) metadata(k *key) keyMetadata {
	state := "Enabled"
	if !k.enabled {
		state = "Disabled"
	}
	return keyMetadata{
		AWSAccountId:          s.account,
		KeyId:                 k.id,
		Arn:                   s.keyARN(k.id),
		CreationDate:          float64(k.created.UnixMilli()) / 1000,
		Enabled:               k.enabled,
		Description:           k.description,
		KeyUsage:              "ENCRYPT_DECRYPT",
		KeyState:              state,
		Origin:                "AWS_KMS",
		KeyManager:            "CUSTOMER",
		KeySpec:               "SYMMETRIC_DEFAULT",
		CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
		EncryptionAlgorithms:  []string{"SYMMETRIC_DEFAULT"},
	}
}

func (s *Server) createKey(body []byte) (any, error) {
	var in struct {
		Description string
		KeyUsage    string
		KeySpec     string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.KeyUsage != "" && in.KeyUsage != "ENCRYPT_DECRYPT" {
		return nil, errorf("ValidationException", "this test server only makes ENCRYPT_DECRYPT keys")
	}
	if in.KeySpec != "" && in.KeySpec != "SYMMETRIC_DEFAULT" {
		return nil, errorf("ValidationException", "this test server only makes SYMMETRIC_DEFAULT keys")
	}
	k := &key{id: newID(), material: make([]byte, 32), description: in.Description, created: time.Now(), enabled: true}
	if _, err := rand.Read(k.material); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[k.id] = k
	return map[string]any{"KeyMetadata": s.metadata(k)}, nil
}

func (s *Server) createAlias(body []byte) (any, error) {
	var in struct{ AliasName, TargetKeyId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(in.AliasName, "alias/") || len(in.AliasName) <= len("alias/") {
		return nil, errorf("ValidationException", "alias name %q must begin with alias/", in.AliasName)
	}
	if strings.HasPrefix(in.AliasName, "alias/aws/") {
		return nil, errorf("NotAuthorizedException", "alias names beginning with alias/aws/ are reserved")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.HasPrefix(in.TargetKeyId, "alias/") || strings.Contains(in.TargetKeyId, ":alias/") {
		return nil, errorf("ValidationException", "TargetKeyId must be a key id or key ARN")
	}
	k, err := s.resolveLocked(in.TargetKeyId)
	if err != nil {
		return nil, err
	}
	if _, dup := s.aliases[in.AliasName]; dup {
		return nil, errorf("AlreadyExistsException", "An alias with the name %s already exists", s.aliasARN(in.AliasName))
	}
	s.aliases[in.AliasName] = &alias{name: in.AliasName, targetID: k.id, created: time.Now()}
	return struct{}{}, nil
}

func (s *Server) describeKey(body []byte) (any, error) {
	var in struct{ KeyId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.resolveLocked(in.KeyId)
	if err != nil {
		return nil, err
	}
	if err := s.checkDenyLocked(k, "DescribeKey"); err != nil {
		return nil, err
	}
	return map[string]any{"KeyMetadata": s.metadata(k)}, nil
}

type aliasEntry struct {
	AliasName    string
	AliasArn     string
	TargetKeyId  string
	CreationDate float64
}

func (s *Server) listAliases(body []byte) (any, error) {
	var in struct {
		KeyId  string
		Limit  int
		Marker string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	filter := ""
	if in.KeyId != "" {
		k, err := s.resolveLocked(in.KeyId)
		if err != nil {
			return nil, err
		}
		filter = k.id
	}
	var names []string
	for name, a := range s.aliases {
		if filter == "" || a.targetID == filter {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	page, next, err := paginate(names, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	entries := make([]aliasEntry, 0, len(page))
	for _, name := range page {
		a := s.aliases[name]
		entries = append(entries, aliasEntry{
			AliasName: name, AliasArn: s.aliasARN(name), TargetKeyId: a.targetID,
			CreationDate: float64(a.created.UnixMilli()) / 1000,
		})
	}
	out := map[string]any{"Aliases": entries, "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return out, nil
}

func (s *Server) listKeys(body []byte) (any, error) {
	var in struct {
		Limit  int
		Marker string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.keys))
	for id := range s.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	page, next, err := paginate(ids, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	type keyEntry struct{ KeyId, KeyArn string }
	entries := make([]keyEntry, 0, len(page))
	for _, id := range page {
		entries = append(entries, keyEntry{KeyId: id, KeyArn: s.keyARN(id)})
	}
	out := map[string]any{"Keys": entries, "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return out, nil
}

// paginate returns the page of sorted names starting at marker (an index) and
// the marker of the next page, "" when this page is the last.
func paginate(names []string, limit int, marker string) ([]string, string, error) {
	if limit == 0 {
		limit = 100
	}
	if limit < 1 || limit > 1000 {
		return nil, "", errorf("ValidationException", "Limit must be between 1 and 1000")
	}
	start := 0
	if marker != "" {
		n, err := strconv.Atoi(marker)
		if err != nil || n < 0 || n > len(names) {
			return nil, "", errorf("InvalidMarkerException", "invalid marker")
		}
		start = n
	}
	end := min(start+limit, len(names))
	next := ""
	if end < len(names) {
		next = strconv.Itoa(end)
	}
	return names[start:end], next, nil
}

func (s *Server) generateDataKey(withPlaintext bool) func([]byte) (any, error) {
	op := "GenerateDataKey"
	if !withPlaintext {
		op = "GenerateDataKeyWithoutPlaintext"
	}
	return func(body []byte) (any, error) {
		var in struct {
			KeyId             string
			KeySpec           string
			NumberOfBytes     *int
			EncryptionContext map[string]string
		}
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		n := 0
		switch {
		case in.KeySpec != "" && in.NumberOfBytes != nil:
			return nil, errorf("ValidationException", "Please specify either number of bytes or key spec.")
		case in.KeySpec == "AES_256":
			n = 32
		case in.KeySpec == "AES_128":
			n = 16
		case in.KeySpec != "":
			return nil, errorf("ValidationException", "1 validation error detected: Value '%s' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]", in.KeySpec)
		case in.NumberOfBytes != nil:
			n = *in.NumberOfBytes
			if n < 1 || n > 1024 {
				return nil, errorf("ValidationException", "1 validation error detected: Value '%d' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024", n)
			}
		default:
			return nil, errorf("ValidationException", "Please specify either number of bytes or key spec.")
		}
		plain := make([]byte, n)
		if _, err := rand.Read(plain); err != nil {
			return nil, err
		}
		s.mu.Lock()
		k, err := s.usableLocked(in.KeyId, op)
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		blob, err := seal(k, plain, in.EncryptionContext)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"CiphertextBlob": blob, "KeyId": s.keyARN(k.id)}
		if withPlaintext {
			out["Plaintext"] = plain
		}
		return out, nil
	}
}

func (s *Server) encrypt(body []byte) (any, error) {
	var in struct {
		KeyId               string
		Plaintext           []byte
		EncryptionContext   map[string]string
		EncryptionAlgorithm string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.Plaintext) < 1 || len(in.Plaintext) > 4096 {
		return nil, errorf("ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096")
	}
	if in.EncryptionAlgorithm != "" && in.EncryptionAlgorithm != "SYMMETRIC_DEFAULT" {
		return nil, errorf("InvalidKeyUsageException", "%s is not a valid encryption algorithm for this key", in.EncryptionAlgorithm)
	}
	s.mu.Lock()
	k, err := s.usableLocked(in.KeyId, "Encrypt")
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	blob, err := seal(k, in.Plaintext, in.EncryptionContext)
	if err != nil {
		return nil, err
	}
	return map[string]any{"CiphertextBlob": blob, "KeyId": s.keyARN(k.id), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}, nil
}

func (s *Server) decrypt(body []byte) (any, error) {
	var in struct {
		CiphertextBlob    []byte
		KeyId             string
		EncryptionContext map[string]string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.CiphertextBlob) < 1 || len(in.CiphertextBlob) > 6144 {
		return nil, errorf("ValidationException", "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length between 1 and 6144")
	}
	id, nonce, sealed, ok := parseBlob(in.CiphertextBlob)
	if !ok {
		return nil, errorf("InvalidCiphertextException", "")
	}
	s.mu.Lock()
	k, err := s.usableLocked(id, "Decrypt")
	if err == nil && in.KeyId != "" {
		var want *key
		want, err = s.resolveLocked(in.KeyId)
		if err == nil && want.id != k.id {
			err = errorf("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.")
		}
	}
	s.mu.Unlock()
	if err != nil {
		var ke *kmsError
		if errors.As(err, &ke) && ke.code == "NotFoundException" && in.KeyId == "" {
			// A blob naming a key we never made is, to KMS, a bad ciphertext.
			return nil, errorf("InvalidCiphertextException", "")
		}
		return nil, err
	}
	plain, err := open(k, nonce, sealed, in.EncryptionContext)
	if err != nil {
		return nil, errorf("InvalidCiphertextException", "")
	}
	return map[string]any{"KeyId": s.keyARN(k.id), "Plaintext": plain, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}, nil
}

func (s *Server) setEnabled(enabled bool, op string) func([]byte) (any, error) {
	return func(body []byte) (any, error) {
		var in struct{ KeyId string }
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		if strings.HasPrefix(in.KeyId, "alias/") || strings.Contains(in.KeyId, ":alias/") {
			return nil, errorf("ValidationException", "%s takes a key id or key ARN, not an alias", op)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		k, err := s.resolveLocked(in.KeyId)
		if err != nil {
			return nil, err
		}
		if err := s.checkDenyLocked(k, op); err != nil {
			return nil, err
		}
		k.enabled = enabled
		return struct{}{}, nil
	}
}

func (s *Server) setKeyAccess(body []byte) (any, error) {
	var in struct {
		KeyId          string
		DenyOperations []string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.KeyId == "" {
		return nil, errorf("ValidationException", "KeyId is required")
	}
	s.setDeny(in.KeyId, in.DenyOperations)
	return struct{}{}, nil
}

// setDeny records the deny list under the reference as given; it is matched
// against every name of the key when used, so aliases made later apply.
func (s *Server) setDeny(ref string, ops []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(ops) == 0 {
		delete(s.deny, ref)
		return
	}
	set := map[string]bool{}
	for _, op := range ops {
		set[op] = true
	}
	s.deny[ref] = set
}

// checkDenyLocked answers AccessDeniedException when op is denied on any
// name of k (its id, its ARN, or an alias pointing at it).
func (s *Server) checkDenyLocked(k *key, op string) error {
	names := []string{k.id, s.keyARN(k.id)}
	for name, a := range s.aliases {
		if a.targetID == k.id {
			names = append(names, name, s.aliasARN(name))
		}
	}
	for _, n := range names {
		if set := s.deny[n]; set["*"] || set[op] {
			return errorf("AccessDeniedException",
				"User: arn:aws:iam::%s:user/piiscan-test is not authorized to perform: kms:%s on resource: %s because no resource-based policy allows the kms:%s action",
				s.account, op, s.keyARN(k.id), op)
		}
	}
	return nil
}

// usableLocked resolves ref and checks the key may perform op.
func (s *Server) usableLocked(ref, op string) (*key, error) {
	k, err := s.resolveLocked(ref)
	if err != nil {
		return nil, err
	}
	if err := s.checkDenyLocked(k, op); err != nil {
		return nil, err
	}
	if !k.enabled {
		return nil, errorf("DisabledException", "%s is disabled.", s.keyARN(k.id))
	}
	return k, nil
}

// resolveLocked finds the key named by a key id, key ARN, alias name or
// alias ARN.
func (s *Server) resolveLocked(ref string) (*key, error) {
	if ref == "" {
		return nil, errorf("ValidationException", "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	name := ref
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, errorf("NotFoundException", "Invalid arn %s", ref)
		}
		if parts[3] != s.region || parts[4] != s.account {
			return nil, errorf("NotFoundException", "Key '%s' does not exist", ref)
		}
		name = parts[5]
		if id, ok := strings.CutPrefix(name, "key/"); ok {
			name = id
		} else if !strings.HasPrefix(name, "alias/") {
			return nil, errorf("NotFoundException", "Invalid arn %s", ref)
		}
	}
	if strings.HasPrefix(name, "alias/") {
		a, ok := s.aliases[name]
		if !ok {
			return nil, errorf("NotFoundException", "Alias %s is not found.", s.aliasARN(name))
		}
		name = a.targetID
	}
	k, ok := s.keys[name]
	if !ok {
		return nil, errorf("NotFoundException", "Key '%s' does not exist", s.keyARN(name))
	}
	return k, nil
}

// canonicalContext is the additional data binding a ciphertext to its key and
// encryption context: the key id, then the pairs sorted by key, every string
// length-prefixed so that no two contexts encode alike.
func canonicalContext(keyID string, ctx map[string]string) []byte {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b []byte
	put := func(s string) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	put(keyID)
	for _, k := range keys {
		put(k)
		put(ctx[k])
	}
	return b
}

func seal(k *key, plain []byte, ctx map[string]string) ([]byte, error) {
	aead, err := newGCM(k.material)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	blob := append([]byte{}, blobMagic...)
	blob = append(blob, byte(len(k.id)))
	blob = append(blob, k.id...)
	blob = append(blob, nonce...)
	return aead.Seal(blob, nonce, plain, canonicalContext(k.id, ctx)), nil
}

func open(k *key, nonce, sealed []byte, ctx map[string]string) ([]byte, error) {
	aead, err := newGCM(k.material)
	if err != nil {
		return nil, err
	}
	return aead.Open(nil, nonce, sealed, canonicalContext(k.id, ctx))
}

// parseBlob splits a ciphertext blob into key id, nonce and sealed data.
func parseBlob(b []byte) (id string, nonce, sealed []byte, ok bool) {
	rest, found := strings.CutPrefix(string(b), string(blobMagic))
	if !found || len(rest) < 1 {
		return "", nil, nil, false
	}
	n := int(rest[0])
	rest = rest[1:]
	const nonceSize = 12
	if len(rest) < n+nonceSize+16 {
		return "", nil, nil, false
	}
	return rest[:n], []byte(rest[n : n+nonceSize]), []byte(rest[n+nonceSize:]), true
}

func newGCM(material []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(material)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// newID returns a random UUID, the shape of KMS key ids.
func newID() string { return uuid.NewString() }
