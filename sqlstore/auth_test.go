package sqlstore

import (
	"context"
	"crypto/sha256"
	"reflect"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
)

func hash32(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func TestUsers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u, created, err := s.CreateUser(ctx, sarhad.User{Name: "Amina", Agency: "ctd-kp", Role: sarhad.RoleAnalyst}, "$argon2id$x", hash32("tok-a"))
		if err != nil || !created || u.ID == 0 || !u.HasPassword {
			t.Fatalf("create: %+v %v %v", u, created, err)
		}
		if _, created, err := s.CreateUser(ctx, sarhad.User{Name: "bilal", Agency: "ctd-kp", Role: sarhad.RoleViewer}, "", hash32("tok-b")); err != nil || created {
			t.Fatalf("second user of the agency: created=%v err=%v", created, err)
		}
		for _, tc := range []struct {
			name string
			u    sarhad.User
			code string
		}{
			{"taken", sarhad.User{Name: "amina", Agency: "x", Role: sarhad.RoleViewer}, sarhad.ECONFLICT},
			{"bad role", sarhad.User{Name: "c", Agency: "x", Role: "root"}, sarhad.EINVALID},
			{"bad name", sarhad.User{Name: "a;b", Agency: "x", Role: sarhad.RoleViewer}, sarhad.EINVALID},
			{"no agency", sarhad.User{Name: "d", Role: sarhad.RoleViewer}, sarhad.EINVALID},
		} {
			if _, _, err := s.CreateUser(ctx, tc.u, "", hash32(tc.name)); sarhad.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		got, _, err := s.UserByToken(ctx, hash32("tok-a"))
		if err != nil || got.Name != "Amina" || got.Agency != "ctd-kp" || got.Role != sarhad.RoleAnalyst {
			t.Fatalf("by token: %+v %v", got, err)
		}
		if _, _, err := s.UserByToken(ctx, hash32("nope")); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("unknown token: %v", err)
		}
		if err := s.AddToken(ctx, "BILAL", hash32("tok-b2")); err != nil {
			t.Fatal(err)
		}
		if got, _, err := s.UserByToken(ctx, hash32("tok-b2")); err != nil || got.Name != "bilal" {
			t.Fatalf("second token: %+v %v", got, err)
		}
		if err := s.SetPassword(ctx, "bilal", "$argon2id$y"); err != nil {
			t.Fatal(err)
		}
		if got, h, err := s.UserByName(ctx, "Bilal"); err != nil || h != "$argon2id$y" || !got.HasPassword {
			t.Fatalf("by name: %+v %q %v", got, h, err)
		}
		if err := s.SetPassword(ctx, "nobody", "x"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("password of nobody: %v", err)
		}
		users, err := s.Users(ctx)
		if err != nil || len(users) != 2 || users[0].Name != "Amina" || users[1].Name != "bilal" {
			t.Fatalf("users: %+v %v", users, err)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 2 {
			t.Fatalf("count: %d %v", n, err)
		}

		// Sessions expire and end.
		if err := s.CreateSession(ctx, u.ID, hash32("sess"), testNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _, err := s.UserBySession(ctx, hash32("sess"), testNow); err != nil || got.ID != u.ID {
			t.Fatalf("session: %+v %v", got, err)
		}
		if _, _, err := s.UserBySession(ctx, hash32("sess"), testNow.Add(time.Hour)); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("expired session: %v", err)
		}
		if err := s.DeleteSession(ctx, hash32("sess")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UserBySession(ctx, hash32("sess"), testNow); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("deleted session: %v", err)
		}
	})
}

func TestShares(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, a := range []string{"ctd-kp", "police-kp", "fc-north"} {
			if created, err := s.AddAgency(ctx, a); err != nil || !created {
				t.Fatalf("add agency %s: %v %v", a, created, err)
			}
		}
		if created, err := s.AddAgency(ctx, "ctd-kp"); err != nil || created {
			t.Fatalf("add agency twice: %v %v", created, err)
		}
		for _, sh := range []sarhad.Share{{From: "ctd-kp", To: "police-kp"}, {From: "fc-north", To: "police-kp"}, {From: "ctd-kp", To: "police-kp"}} {
			if err := s.AddShare(ctx, sh); err != nil {
				t.Fatalf("share %v: %v", sh, err)
			}
		}
		if err := s.AddShare(ctx, sarhad.Share{From: "ctd-kp", To: "nobody"}); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("share with an unknown agency: %v", err)
		}
		if err := s.AddShare(ctx, sarhad.Share{From: "ctd-kp", To: "ctd-kp"}); sarhad.ErrorCode(err) != sarhad.EINVALID {
			t.Fatalf("share with itself: %v", err)
		}
		from, err := s.AmberFrom(ctx, "police-kp")
		if err != nil || !reflect.DeepEqual(from, []string{"ctd-kp", "fc-north"}) {
			t.Fatalf("amber from: %v %v", from, err)
		}
		if _, _, err := s.CreateUser(ctx, sarhad.User{Name: "p", Agency: "police-kp", Role: sarhad.RoleViewer}, "", hash32("tok-p")); err != nil {
			t.Fatal(err)
		}
		if _, from, err := s.UserByToken(ctx, hash32("tok-p")); err != nil || !reflect.DeepEqual(from, []string{"ctd-kp", "fc-north"}) {
			t.Fatalf("amber from with the user: %v %v", from, err)
		}
		if from, _ := s.AmberFrom(ctx, "ctd-kp"); len(from) != 0 {
			t.Fatalf("sharing is one-way: %v", from)
		}
		if err := s.RemoveShare(ctx, "ctd-kp", "police-kp"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveShare(ctx, "ctd-kp", "police-kp"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			t.Fatalf("remove twice: %v", err)
		}
		shares, err := s.Shares(ctx)
		if err != nil || len(shares) != 1 || shares[0].From != "fc-north" || shares[0].To != "police-kp" {
			t.Fatalf("shares: %+v %v", shares, err)
		}
		agencies, err := s.Agencies(ctx)
		if err != nil || len(agencies) != 3 || agencies[0].Name != "ctd-kp" {
			t.Fatalf("agencies: %+v %v", agencies, err)
		}
	})
}
