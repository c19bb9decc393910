provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAOQRAHCTHPJU24D75"
  secret_key = "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"
}
