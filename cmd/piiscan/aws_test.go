package main

import (
	"testing"

	"github.com/piiscan/piiscan/sources/s3source"
)

func TestBucketDetails(t *testing.T) {
	yes, no := true, false
	blockAll := &s3source.PublicAccessBlock{BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
	tests := []struct {
		name      string
		in        s3source.Bucket
		effective string // "" when publicAccess must be absent
	}{
		{"nothing readable", s3source.Bucket{Name: "b"}, ""},
		{"public policy, no block", s3source.Bucket{Name: "b", PolicyIsPublic: &yes}, "PUBLIC"},
		{"public policy, restricted", s3source.Bucket{Name: "b", PolicyIsPublic: &yes, PublicAccessBlock: blockAll}, "UNKNOWN"},
		{"private policy, ACLs blocked", s3source.Bucket{Name: "b", PolicyIsPublic: &no, PublicAccessBlock: blockAll}, "NOT_PUBLIC"},
		{"private policy, ACLs not evaluated", s3source.Bucket{Name: "b", PolicyIsPublic: &no}, "UNKNOWN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bucketDetails(tt.in)
			if got.Name != "b" {
				t.Errorf("name %q", got.Name)
			}
			switch {
			case tt.effective == "" && got.PublicAccess != nil:
				t.Errorf("publicAccess %+v, want none", got.PublicAccess)
			case tt.effective != "" && (got.PublicAccess == nil || got.PublicAccess.EffectivePermission != tt.effective):
				t.Errorf("publicAccess %+v, want %s", got.PublicAccess, tt.effective)
			}
		})
	}
	full := bucketDetails(s3source.Bucket{Name: "b",
		DefaultEncryption: &s3source.DefaultEncryption{EncryptionType: "aws:kms", KMSMasterKeyID: "k"},
		Owner:             &s3source.Owner{ID: "id", DisplayName: "dn"},
		Tags:              []s3source.Tag{{Key: "team", Value: "data"}},
		PublicAccessBlock: blockAll,
	})
	if e := full.DefaultServerSideEncryption; e == nil || e.EncryptionType != "aws:kms" || e.KmsMasterKeyID != "k" {
		t.Errorf("default encryption %+v", e)
	}
	if o := full.Owner; o == nil || o.ID != "id" || o.DisplayName != "dn" {
		t.Errorf("owner %+v", o)
	}
	if len(full.Tags) != 1 || full.Tags[0].Key != "team" || full.Tags[0].Value != "data" {
		t.Errorf("tags %+v", full.Tags)
	}
	if bpa := full.PublicAccess.PermissionConfiguration.BucketLevelPermissions.BlockPublicAccess; !bpa.RestrictPublicBuckets || !bpa.BlockPublicAcls {
		t.Errorf("block public access %+v", bpa)
	}
}
