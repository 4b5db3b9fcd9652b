package kmsserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"
)

// newClient starts the server under httptest and returns the SDK's real KMS
// client pointed at it, signing with made-up credentials.
func newClient(t *testing.T, opts Options) (*kms.Client, *Server, string) {
	t.Helper()
	srv := New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client := kms.New(kms.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(ts.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "any-secret-is-accepted", ""),
	})
	return client, srv, ts.URL
}

func createKey(t *testing.T, c *kms.Client) *types.KeyMetadata {
	t.Helper()
	out, err := c.CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String("test")})
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	return out.KeyMetadata
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestKeyReferencesResolve(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newClient(t, Options{Region: "eu-west-1", Account: "123456789012"})
	md := createKey(t, c)
	if !strings.HasPrefix(*md.Arn, "arn:aws:kms:eu-west-1:123456789012:key/") || !strings.HasSuffix(*md.Arn, *md.KeyId) {
		t.Fatalf("ARN %q does not name key %q", *md.Arn, *md.KeyId)
	}
	if md.KeyState != types.KeyStateEnabled || !md.Enabled || md.CreationDate == nil {
		t.Fatalf("metadata = %+v", md)
	}
	if _, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/results"), TargetKeyId: md.KeyId}); err != nil {
		t.Fatalf("CreateAlias: %v", err)
	}
	for _, ref := range []string{*md.KeyId, *md.Arn, "alias/results", "arn:aws:kms:eu-west-1:123456789012:alias/results"} {
		t.Run(ref, func(t *testing.T) {
			out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
			if err != nil {
				t.Fatalf("DescribeKey: %v", err)
			}
			if *out.KeyMetadata.KeyId != *md.KeyId {
				t.Fatalf("resolved to %q, want %q", *out.KeyMetadata.KeyId, *md.KeyId)
			}
		})
	}
	for _, ref := range []string{"alias/missing", "00000000-0000-4000-8000-000000000000", "arn:aws:kms:us-west-2:123456789012:key/" + *md.KeyId} {
		_, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
		var nf *types.NotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("DescribeKey(%q) error = %v, want NotFoundException", ref, err)
		}
	}
	_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/results"), TargetKeyId: md.KeyId})
	var ae *types.AlreadyExistsException
	if !errors.As(err, &ae) {
		t.Errorf("duplicate CreateAlias error = %v, want AlreadyExistsException", err)
	}
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("results"), TargetKeyId: md.KeyId})
	if errorCode(err) != "ValidationException" {
		t.Errorf("CreateAlias without alias/ error = %v, want ValidationException", err)
	}
}

func TestListAliasesPaginates(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newClient(t, Options{})
	md := createKey(t, c)
	other := createKey(t, c)
	for _, name := range []string{"alias/a", "alias/b", "alias/c"} {
		if _, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: md.KeyId}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/other"), TargetKeyId: other.KeyId}); err != nil {
		t.Fatal(err)
	}
	var names []string
	p := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{KeyId: md.KeyId, Limit: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, a := range out.Aliases {
			names = append(names, *a.AliasName)
			if *a.TargetKeyId != *md.KeyId || !strings.HasSuffix(*a.AliasArn, ":"+*a.AliasName) {
				t.Errorf("alias entry %+v", a)
			}
		}
	}
	if got := strings.Join(names, ","); got != "alias/a,alias/b,alias/c" || pages != 2 {
		t.Fatalf("aliases = %s in %d pages, want alias/a,alias/b,alias/c in 2", got, pages)
	}
}

func TestEncryptDecryptWithContext(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newClient(t, Options{})
	md := createKey(t, c)
	other := createKey(t, c)
	ec := map[string]string{"bucket": "b", "key": "k/1.jsonl.gz", "jobId": "j1"}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: md.Arn, Plaintext: []byte("secret"), EncryptionContext: ec})
	if err != nil {
		t.Fatalf("Encrypt: %v", err)
	}
	if *enc.KeyId != *md.Arn {
		t.Errorf("Encrypt KeyId = %q, want ARN %q", *enc.KeyId, *md.Arn)
	}

	tests := []struct {
		name    string
		keyID   *string
		context map[string]string
		code    string
	}{
		{"same context, no key id", nil, ec, ""},
		{"same context, key id", md.KeyId, map[string]string{"jobId": "j1", "key": "k/1.jsonl.gz", "bucket": "b"}, ""},
		{"changed value", nil, map[string]string{"bucket": "b", "key": "k/2.jsonl.gz", "jobId": "j1"}, "InvalidCiphertextException"},
		{"missing pair", nil, map[string]string{"bucket": "b", "key": "k/1.jsonl.gz"}, "InvalidCiphertextException"},
		{"no context", nil, nil, "InvalidCiphertextException"},
		{"pairs shifted across the separator", nil, map[string]string{"bucket": "b", "key": "k/1.jsonl.gz", "jobI": "dj1"}, "InvalidCiphertextException"},
		{"other key", other.KeyId, ec, "IncorrectKeyException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, KeyId: tt.keyID, EncryptionContext: tt.context})
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Decrypt: %v", err)
				}
				if string(out.Plaintext) != "secret" || *out.KeyId != *md.Arn {
					t.Fatalf("Decrypt = %q under %q", out.Plaintext, *out.KeyId)
				}
				return
			}
			if got := errorCode(err); got != tt.code {
				t.Fatalf("Decrypt error = %v (code %q), want %s", err, got, tt.code)
			}
		})
	}

	tampered := bytes.Clone(enc.CiphertextBlob)
	tampered[len(tampered)-1] ^= 1
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: tampered, EncryptionContext: ec})
	var ice *types.InvalidCiphertextException
	if !errors.As(err, &ice) {
		t.Errorf("tampered blob error = %v, want InvalidCiphertextException", err)
	}
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: []byte("not a blob")})
	if !errors.As(err, &ice) {
		t.Errorf("garbage blob error = %v, want InvalidCiphertextException", err)
	}
}

func TestGenerateDataKey(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newClient(t, Options{})
	md := createKey(t, c)
	if _, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/dk"), TargetKeyId: md.KeyId}); err != nil {
		t.Fatal(err)
	}
	ec := map[string]string{"jobId": "j"}
	out, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String("alias/dk"), KeySpec: types.DataKeySpecAes256, EncryptionContext: ec})
	if err != nil {
		t.Fatalf("GenerateDataKey: %v", err)
	}
	if len(out.Plaintext) != 32 || *out.KeyId != *md.Arn {
		t.Fatalf("data key of %d bytes under %q", len(out.Plaintext), *out.KeyId)
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: ec})
	if err != nil {
		t.Fatalf("Decrypt data key: %v", err)
	}
	if !bytes.Equal(dec.Plaintext, out.Plaintext) {
		t.Fatal("decrypted data key differs from the generated one")
	}
	n, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: md.KeyId, NumberOfBytes: aws.Int32(64)})
	if err != nil || len(n.Plaintext) != 64 {
		t.Fatalf("NumberOfBytes 64: %d bytes, %v", len(n.Plaintext), err)
	}
	wp, err := c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: md.KeyId, KeySpec: types.DataKeySpecAes128})
	if err != nil || len(wp.CiphertextBlob) == 0 {
		t.Fatalf("GenerateDataKeyWithoutPlaintext: %v", err)
	}

	bad := []struct {
		name string
		in   kms.GenerateDataKeyInput
	}{
		{"neither spec nor bytes", kms.GenerateDataKeyInput{KeyId: md.KeyId}},
		{"both", kms.GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: types.DataKeySpecAes256, NumberOfBytes: aws.Int32(32)}},
		{"too many bytes", kms.GenerateDataKeyInput{KeyId: md.KeyId, NumberOfBytes: aws.Int32(1025)}},
		{"unknown spec", kms.GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: "AES_512"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.GenerateDataKey(ctx, &tt.in)
			if got := errorCode(err); got != "ValidationException" {
				t.Fatalf("error = %v, want ValidationException", err)
			}
		})
	}
}

func TestDisabledAndDeniedKeys(t *testing.T) {
	ctx := context.Background()
	c, srv, url := newClient(t, Options{Deny: map[string][]string{"alias/nodecrypt": {"Decrypt"}}})
	md := createKey(t, c)
	if _, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/nodecrypt"), TargetKeyId: md.KeyId}); err != nil {
		t.Fatal(err)
	}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
	if err != nil {
		t.Fatalf("Encrypt on a key denied only Decrypt: %v", err)
	}
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	if errorCode(err) != "AccessDeniedException" || !strings.Contains(err.Error(), "kms:Decrypt") {
		t.Fatalf("Decrypt on denied key error = %v, want AccessDeniedException naming kms:Decrypt", err)
	}

	// The test-only operation changes the deny list at run time.
	setKeyAccess(t, url, `{"KeyId":"alias/nodecrypt","DenyOperations":[]}`)
	if _, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
		t.Fatalf("Decrypt after clearing deny list: %v", err)
	}
	setKeyAccess(t, url, `{"KeyId":"`+*md.KeyId+`","DenyOperations":["*"]}`)
	_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String("alias/nodecrypt"), KeySpec: types.DataKeySpecAes256})
	if errorCode(err) != "AccessDeniedException" {
		t.Fatalf("GenerateDataKey on key denied * error = %v", err)
	}
	srv.setDeny(*md.KeyId, nil)

	if _, err := c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: md.KeyId}); err != nil {
		t.Fatalf("DisableKey: %v", err)
	}
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
	var de *types.DisabledException
	if !errors.As(err, &de) {
		t.Fatalf("Encrypt on disabled key error = %v, want DisabledException", err)
	}
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: md.KeyId})
	if err != nil || d.KeyMetadata.KeyState != types.KeyStateDisabled {
		t.Fatalf("DescribeKey of disabled key: %+v, %v", d, err)
	}
	if _, err := c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: md.KeyId}); err != nil {
		t.Fatalf("EnableKey: %v", err)
	}
	if _, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")}); err != nil {
		t.Fatalf("Encrypt after EnableKey: %v", err)
	}
}

func setKeyAccess(t *testing.T, url, body string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "PiiscanTest.SetKeyAccess")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("SetKeyAccess: %d %s", resp.StatusCode, b)
	}
}

// TestWireErrors checks the raw error shape the SDK and other clients rely on.
func TestWireErrors(t *testing.T) {
	ts := httptest.NewServer(New(Options{}))
	defer ts.Close()
	tests := []struct {
		name, target, auth, body string
		code                     string
	}{
		{"unsigned", "TrentService.DescribeKey", "", `{"KeyId":"x"}`, "MissingAuthenticationTokenException"},
		{"unknown op", "TrentService.Sign", "AWS4-HMAC-SHA256 Credential=x", `{}`, "UnknownOperationException"},
		{"bad json", "TrentService.DescribeKey", "AWS4-HMAC-SHA256 Credential=x", `{`, "SerializationException"},
		{"missing key", "TrentService.DescribeKey", "AWS4-HMAC-SHA256 Credential=x", `{"KeyId":"alias/none"}`, "NotFoundException"},
		{"no key id", "TrentService.Encrypt", "AWS4-HMAC-SHA256 Credential=x", `{"Plaintext":"eA=="}`, "ValidationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(tt.body))
			req.Header.Set("X-Amz-Target", tt.target)
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-Amzn-Errortype") != tt.code || body.Type != tt.code {
				t.Fatalf("status %d, header %q, __type %q; want 400 and %s", resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), body.Type, tt.code)
			}
		})
	}
}

func FuzzParseBlob(f *testing.F) {
	f.Add([]byte("pkms1"))
	f.Add([]byte("pkms1\x03abc0123456789012345678901234567"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		id, nonce, sealed, ok := parseBlob(b)
		if ok && (len(nonce) != 12 || len(sealed) < 16 || len(id) > 255) {
			t.Fatalf("parseBlob accepted a malformed blob: id %d nonce %d sealed %d", len(id), len(nonce), len(sealed))
		}
	})
}
