package s3source

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// bucketAnswers maps a bucket subresource (encryption, publicAccessBlock,
// policyStatus, acl, tagging) to the status and XML body S3 answers with.
type bucketAnswers map[string]struct {
	status int
	body   string
}

func (a bucketAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for sub, ans := range a {
		if r.URL.Query().Has(sub) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(ans.status)
			fmt.Fprint(w, ans.body)
			return
		}
	}
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprint(w, `<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
}

func errXML(code string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>m</Message></Error>`
}

func TestBucketInfo(t *testing.T) {
	configured := bucketAnswers{
		"encryption":        {200, `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:1:key/k</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`},
		"publicAccessBlock": {200, `<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`},
		"policyStatus":      {200, `<PolicyStatus><IsPublic>true</IsPublic></PolicyStatus>`},
		"acl":               {200, `<AccessControlPolicy><Owner><ID>owner-id</ID><DisplayName>owner</DisplayName></Owner><AccessControlList></AccessControlList></AccessControlPolicy>`},
		"tagging":           {200, `<Tagging><TagSet><Tag><Key>team</Key><Value>data</Value></Tag></TagSet></Tagging>`},
	}
	unconfigured := bucketAnswers{
		"encryption":        {404, errXML("ServerSideEncryptionConfigurationNotFoundError")},
		"publicAccessBlock": {404, errXML("NoSuchPublicAccessBlockConfiguration")},
		"policyStatus":      {404, errXML("NoSuchBucketPolicy")},
		"tagging":           {404, errXML("NoSuchTagSet")},
	}
	t.Run("configured", func(t *testing.T) {
		b := BucketInfo(t.Context(), bucketClient(t, configured), "bkt")
		if b.DefaultEncryption == nil || *b.DefaultEncryption != (DefaultEncryption{"aws:kms", "arn:aws:kms:us-east-1:1:key/k"}) {
			t.Errorf("DefaultEncryption = %+v", b.DefaultEncryption)
		}
		if b.PublicAccessBlock == nil || *b.PublicAccessBlock != (PublicAccessBlock{true, false, true, true}) {
			t.Errorf("PublicAccessBlock = %+v", b.PublicAccessBlock)
		}
		if b.PolicyIsPublic == nil || !*b.PolicyIsPublic {
			t.Errorf("PolicyIsPublic = %v", b.PolicyIsPublic)
		}
		if b.Owner == nil || *b.Owner != (Owner{"owner-id", "owner"}) {
			t.Errorf("Owner = %+v", b.Owner)
		}
		if !slices.Equal(b.Tags, []Tag{{"team", "data"}}) || len(b.Unread) != 0 {
			t.Errorf("Tags = %v, Unread = %v", b.Tags, b.Unread)
		}
	})
	t.Run("unconfigured or denied", func(t *testing.T) {
		b := BucketInfo(t.Context(), bucketClient(t, unconfigured), "bkt")
		if b.DefaultEncryption == nil || b.DefaultEncryption.EncryptionType != "NONE" {
			t.Errorf("DefaultEncryption = %+v, want NONE", b.DefaultEncryption)
		}
		if b.PublicAccessBlock == nil || *b.PublicAccessBlock != (PublicAccessBlock{}) {
			t.Errorf("PublicAccessBlock = %+v, want all false", b.PublicAccessBlock)
		}
		if b.PolicyIsPublic == nil || *b.PolicyIsPublic {
			t.Errorf("PolicyIsPublic = %v, want false", b.PolicyIsPublic)
		}
		if b.Tags == nil || len(b.Tags) != 0 {
			t.Errorf("Tags = %#v, want empty", b.Tags)
		}
		if b.Owner != nil || !slices.Equal(b.Unread, []string{"Owner"}) {
			t.Errorf("Owner = %v, Unread = %v; want the denied owner unread", b.Owner, b.Unread)
		}
	})
}

func bucketClient(t *testing.T, h http.Handler) *s3.Client {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(ts.URL), UsePathStyle: true, RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
}
