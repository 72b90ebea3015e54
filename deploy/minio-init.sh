#!/bin/sh
# One-shot job of docker-compose.yml (service "minio-init", image minio/mc): makes the media
# bucket private and gives the application its own MinIO user, allowed that bucket only.
# Safe to run again: every step leaves what already exists as it is.
# Environment: MINIO_ROOT_USER, MINIO_ROOT_PASSWORD (the server's administrator),
# AWS_STORAGE_BUCKET_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (the application's).
set -eu

alias_name=store
policy="interview-coach-media"
policy_file="${TMPDIR:-/tmp}/$policy.json"

mc alias set "$alias_name" "${MINIO_URL:-http://minio:9000}" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "$alias_name/$AWS_STORAGE_BUCKET_NAME"
mc anonymous set none "$alias_name/$AWS_STORAGE_BUCKET_NAME"

printf '%s\n' '{' \
  '  "Version": "2012-10-17",' \
  '  "Statement": [' \
  '    {"Effect": "Allow",' \
  '     "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],' \
  "     \"Resource\": [\"arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME\"]}," \
  '    {"Effect": "Allow",' \
  '     "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",' \
  '                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],' \
  "     \"Resource\": [\"arn:aws:s3:::$AWS_STORAGE_BUCKET_NAME/*\"]}" \
  '  ]' \
  '}' > "$policy_file"
mc admin policy create "$alias_name" "$policy" "$policy_file"

# Adding an existing user sets its secret key again (the one in .env wins).
mc admin user add "$alias_name" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"
case "$(mc admin user info "$alias_name" "$AWS_ACCESS_KEY_ID")" in
  *"$policy"*) ;;  # attached by an earlier run: attaching again would fail
  *) mc admin policy attach "$alias_name" "$policy" --user "$AWS_ACCESS_KEY_ID" ;;
esac
echo "Bucket $AWS_STORAGE_BUCKET_NAME is ready for user $AWS_ACCESS_KEY_ID."
